/** "No comments yet", "1 comment", "1,234 comments". */
export function commentCountLabel(count: number): string {
  return count === 0 ? "No comments yet" : count === 1 ? "1 comment" : `${count.toLocaleString("en-GB")} comments`;
}
