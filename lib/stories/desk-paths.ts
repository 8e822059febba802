// Where a story lives in the desk. Its tabs (history, timeline, corrections) are below this path,
// so revalidatePath(deskStoryPath(id), "layout") refreshes all of them and no reader page.

export function deskStoryPath(storyId: string): string {
  return `/desk/stories/${storyId}`;
}
