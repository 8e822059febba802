// Nothing typed in the story editor is ever lost (issue 13, "Nothing is ever lost"): a new story is
// a draft from its first change, every change is autosaved, unsaved changes are kept in the
// browser and offered back, leaving asks first, Ctrl+S saves, a lost connection is said and
// retried, and what is typed the moment the form appears is kept.

import { readFileSync } from "node:fs";

import { expect, test, type Page } from "@playwright/test";

import { storageStateFor } from "./fixtures";

const ADDRESS = /\/desk\/stories\/[0-9a-f-]{36}$/;

async function openNewStory(page: Page) {
  await page.goto("/desk/stories/new");
  await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
}

/** A saved story with a headline, a section and a body, open in the editor. */
async function savedStory(page: Page, headline: string): Promise<string> {
  await openNewStory(page);
  await page.getByLabel("Headline", { exact: true }).fill(headline);
  await page.getByLabel("Section").selectOption({ label: "World" });
  await page.getByRole("textbox", { name: "Body" }).click();
  await page.keyboard.type("A first paragraph for this story.");
  await page.getByRole("button", { name: "Save", exact: true }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
  await expect(page).toHaveURL(ADDRESS);
  return page.url().split("/").at(-1)!;
}

test.describe("the story editor keeps everything", () => {
  test.use({ storageState: storageStateFor("editor") });

  test("a new story with a headline and body but no section is autosaved and listed", async ({ page }) => {
    const headline = `Draft without a section ${Date.now()}`;
    await openNewStory(page);
    await page.getByLabel("Headline", { exact: true }).fill(headline);
    await page.getByRole("textbox", { name: "Body" }).click();
    await page.keyboard.type("Only a body and a headline so far.");
    await expect(page.getByText(/^Autosaved at/)).toBeVisible();
    // The same editor goes on with the story, now at its own address.
    await expect(page).toHaveURL(ADDRESS);
    await page.keyboard.type(" And a second sentence.");
    await expect(page.getByText(/^Autosaved at/)).toBeVisible();

    await page.goto("/desk");
    const row = page.getByRole("row").filter({ hasText: headline });
    await expect(row.getByRole("cell").nth(1)).toHaveText("Draft");
    await row.getByRole("link", { name: headline }).click();
    await expect(page.getByRole("textbox", { name: "Body" })).toHaveText("Only a body and a headline so far. And a second sentence.");
    await expect(page.getByLabel("Section")).toHaveValue("");
  });

  test("an unsaved standfirst on a saved story survives leaving by a link", async ({ page }) => {
    await savedStory(page, `Standfirst kept ${Date.now()}`);
    const address = page.url();
    await page.getByLabel("Standfirst").fill("A standfirst typed and not yet saved.");
    await page.getByRole("navigation", { name: "Desk" }).getByRole("link", { name: "Stories", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Leave with unsaved changes?" });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Save and leave" }).click();
    await expect(page).toHaveURL(/\/desk$/);
    await page.goto(address);
    await expect(page.getByLabel("Standfirst")).toHaveValue("A standfirst typed and not yet saved.");
  });

  test("clicking Stories in the desk menu with unsaved changes asks first, and Stay keeps them", async ({ page }) => {
    await openNewStory(page);
    await page.getByLabel("Headline", { exact: true }).fill(`Asked before leaving ${Date.now()}`);
    await page.getByRole("navigation", { name: "Desk" }).getByRole("link", { name: "Stories", exact: true }).click();
    const dialog = page.getByRole("dialog", { name: "Leave with unsaved changes?" });
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole("button", { name: "Stay" })).toBeFocused();
    await dialog.getByRole("button", { name: "Stay" }).click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/\/desk\/stories\//);
    await expect(page.getByLabel("Headline", { exact: true })).toHaveValue(/^Asked before leaving/);

    // Back asks too.
    await page.goBack();
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Stay" }).click();
    await expect(page.getByLabel("Headline", { exact: true })).toHaveValue(/^Asked before leaving/);

    // And Sign out, a form in the page's header.
    await page.getByRole("button", { name: "Sign out", exact: true }).click();
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "Stay" }).click();
    await expect(page.getByRole("button", { name: "Sign out", exact: true })).toBeVisible();
    await expect(page.getByLabel("Headline", { exact: true })).toHaveValue(/^Asked before leaving/);
  });

  test("text typed at once after clicking New story on /desk is all kept", async ({ page }) => {
    const headline = `Typed at once ${Date.now()}`;
    await page.goto("/desk");
    await page.getByRole("link", { name: "New story" }).click();
    const field = page.getByLabel("Headline", { exact: true });
    await field.pressSequentially(headline, { delay: 0 });
    await page.getByLabel("Standfirst").pressSequentially("And the standfirst too.", { delay: 0 });
    await expect(page.getByText(/^Autosaved at/)).toBeVisible();
    await expect(field).toHaveValue(headline);
    await page.reload();
    await expect(page.getByLabel("Headline", { exact: true })).toHaveValue(headline);
    await expect(page.getByLabel("Standfirst")).toHaveValue("And the standfirst too.");
  });

  test("text typed before the page's script has run is kept", async ({ page }) => {
    const headline = `Typed before hydration ${Date.now()}`;
    // The page arrives, its scripts are held back: the form is there, and typed into.
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/_next\/static\/chunks\/.*\.js/, async (route) => {
      await held;
      await route.continue();
    });
    await page.goto("/desk/stories/new", { waitUntil: "commit" });
    const field = page.getByLabel("Headline", { exact: true });
    await field.click();
    await page.keyboard.type(headline);
    release();
    await expect(page.getByRole("textbox", { name: "Body" })).toBeVisible();
    await expect(page.getByText(/^Autosaved at/)).toBeVisible();
    await expect(field).toHaveValue(headline);
  });

  test("the body of a saved story takes typing before the page's script has run, and keeps it", async ({ page, context }) => {
    const id = await savedStory(page, `Body typed before the script ${Date.now()}`);
    // Opened afresh with its scripts held back: the body is already there, and editable.
    const fresh = await context.newPage();
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    await fresh.route(/\/_next\/static\/chunks\/.*\.js/, async (route) => {
      await held;
      await route.continue();
    });
    await fresh.goto(`/desk/stories/${id}`, { waitUntil: "commit" });
    const body = fresh.getByRole("textbox", { name: "Body" });
    await expect(body).toHaveAttribute("contenteditable", "true");
    await expect(fresh.getByTestId("body-toolbar")).toHaveCount(0);
    await body.click();
    await fresh.keyboard.press("Control+End");
    await fresh.keyboard.type(" Typed before the script.");
    release();
    // The editor takes over (its toolbar appears) with what was typed, the caret where it was.
    await expect(fresh.getByTestId("body-toolbar")).toBeVisible();
    await fresh.keyboard.type(" And after.");
    await expect(body).toHaveText("A first paragraph for this story. Typed before the script. And after.");
    await expect(fresh.getByText(/^Autosaved at/)).toBeVisible();
    await fresh.reload();
    await expect(fresh.getByRole("textbox", { name: "Body" })).toHaveText("A first paragraph for this story. Typed before the script. And after.");
  });

  test("cutting the network mid-typing says so, and everything is saved once it is back", async ({ page, context }) => {
    await savedStory(page, `Offline typing ${Date.now()}`);
    const body = page.getByRole("textbox", { name: "Body" });
    await body.click();
    await page.keyboard.press("Control+End");
    await page.keyboard.type(" Typed online.");
    await context.setOffline(true);
    await page.keyboard.type(" Typed offline.");
    await page.keyboard.press("Control+s");
    await expect(page.getByText("Can't reach the server — retrying…")).toBeVisible();
    await page.getByLabel("Standfirst").fill("A standfirst written offline.");
    await expect(page.getByText("Can't reach the server — retrying…")).toBeVisible();
    await context.setOffline(false);
    await expect(page.getByText(/^Autosaved at/)).toBeVisible();
    await page.reload();
    await expect(page.getByRole("textbox", { name: "Body" })).toHaveText("A first paragraph for this story. Typed online. Typed offline.");
    await expect(page.getByLabel("Standfirst")).toHaveValue("A standfirst written offline.");
  });

  test("closing the tab with unsaved text, then reopening the story, offers it back", async ({ page, context }) => {
    const id = await savedStory(page, `Closed tab ${Date.now()}`);
    // The autosave never gets there: the tab closes first.
    await page.route(ADDRESS, (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
    await page.getByLabel("Standfirst").fill("Typed just before the tab closed.");
    await page.close({ runBeforeUnload: false });

    const again = await context.newPage();
    await again.goto(`/desk/stories/${id}`);
    const offer = again.getByRole("region", { name: /^Restore unsaved changes from \d{1,2}:\d{2}/ });
    await expect(offer).toBeVisible();
    await expect(again.getByLabel("Standfirst")).toHaveValue("");
    await offer.getByRole("button", { name: "Restore" }).click();
    await expect(again.getByLabel("Standfirst")).toHaveValue("Typed just before the tab closed.");
    await expect(again.getByText(/^Autosaved at/)).toBeVisible();
    await again.reload();
    await expect(again.getByLabel("Standfirst")).toHaveValue("Typed just before the tab closed.");
    await expect(again.getByRole("region", { name: /^Restore unsaved changes/ })).toHaveCount(0);
  });

  test("on a shared browser, unsaved text is offered back to the person who typed it and nobody else", async ({ page, context }) => {
    const signedInAs = async (role: "editor" | "admin") => {
      const state = JSON.parse(readFileSync(storageStateFor(role), "utf8")) as { cookies: Parameters<typeof context.addCookies>[0] };
      await context.clearCookies();
      await context.addCookies(state.cookies);
    };
    const text = `Typed on a shared computer ${Date.now()}`;
    // The story is never created: every save is cut off, and the tab closes.
    await page.route(/\/desk\/stories\//, (route) => (route.request().method() === "POST" ? route.abort() : route.continue()));
    await openNewStory(page);
    await page.getByLabel("Headline", { exact: true }).fill(text);
    await expect(page.getByText("Can't reach the server — retrying…")).toBeVisible();
    await page.close({ runBeforeUnload: false });

    await signedInAs("admin");
    const admin = await context.newPage();
    await openNewStory(admin);
    await expect(admin.getByText(/· Admin$/)).toBeVisible();
    await expect(admin.getByRole("region", { name: /^Restore unsaved changes/ })).toHaveCount(0);
    await expect(admin.getByLabel("Headline", { exact: true })).toHaveValue("");
    await admin.close({ runBeforeUnload: false });

    await signedInAs("editor");
    const editor = await context.newPage();
    await openNewStory(editor);
    const offer = editor.getByRole("region", { name: /^Restore unsaved changes from \d{1,2}:\d{2}/ });
    await expect(offer).toBeVisible();
    await offer.getByRole("button", { name: "Restore" }).click();
    await expect(editor.getByLabel("Headline", { exact: true })).toHaveValue(text);
  });

  test("Ctrl+S saves, and the heading and the tab's title follow the saved headline", async ({ page }) => {
    await savedStory(page, `Before the shortcut ${Date.now()}`);
    const headline = `Saved with Ctrl+S ${Date.now()}`;
    await page.getByLabel("Headline", { exact: true }).fill(headline);
    await page.getByRole("textbox", { name: "Body" }).click();
    await page.keyboard.press("Control+s");
    await expect(page.getByRole("status").filter({ hasText: /^Saved at/ })).toBeVisible();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(headline);
    await expect(page).toHaveTitle(`${headline} · Desk`);
    await page.reload();
    await expect(page.getByLabel("Headline", { exact: true })).toHaveValue(headline);
  });
});
