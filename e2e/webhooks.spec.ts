import http from "node:http";
import type { AddressInfo } from "node:net";

import { expect, test } from "@playwright/test";

import { verifySignature } from "@/lib/webhooks/signature";

import { storageStateFor } from "./fixtures";

interface Received {
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver on loopback (scripts/e2e.ts lets the production server send there). */
async function startReceiver() {
  const received: Received[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({ headers: request.headers, body: Buffer.concat(chunks).toString("utf8") });
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/newsdesk-hook`;
  return { url, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Event = { id: string; type: string; data: { story?: { headline: string; url: string; slug: string } } };

test("a webhook receiver gets a signed story.published event after an editor publishes; the log redelivers it", async ({ browser }) => {
  const receiver = await startReceiver();
  const baseURL = test.info().project.use.baseURL;
  try {
    // The admin adds the webhook and copies its secret, shown this once.
    const adminContext = await browser.newContext({ storageState: storageStateFor("admin"), baseURL });
    const admin = await adminContext.newPage();
    await admin.goto("/desk");
    await admin.getByRole("navigation", { name: "Desk" }).getByRole("link", { name: "Settings" }).click();
    await admin.getByRole("navigation", { name: "Admin" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(admin.getByRole("heading", { level: 1 })).toHaveText("Webhooks");

    // A URL that is not http(s), and no event: each refused beside its field, and nothing is added.
    await admin.getByLabel("Receiver URL").fill("ftp://example.org/hook");
    await admin.getByRole("button", { name: "Add webhook" }).click();
    await expect(admin.getByLabel("Receiver URL")).toHaveAccessibleDescription(/starting with https:\/\//);
    await expect(admin.getByLabel("Receiver URL")).toHaveAttribute("aria-invalid", "true");
    await expect(admin.getByRole("group", { name: "Events" })).toHaveAccessibleDescription("Choose at least one event.");
    await expect(admin.getByText("No webhooks yet.")).toBeVisible();

    await admin.getByLabel("Receiver URL").fill(receiver.url);
    await admin.getByLabel("What it is for").fill("End-to-end receiver");
    await admin.getByRole("checkbox", { name: /Story published/ }).check();
    await admin.getByRole("button", { name: "Add webhook" }).click();
    const shown = admin.getByTestId("webhook-secret");
    await expect(shown).toContainText("Copy its signing secret now");
    const secret = (await shown.locator("p.font-mono").textContent())?.trim() ?? "";
    expect(secret).toMatch(/^whsec_/);

    // An editor writes and publishes a story.
    const editorContext = await browser.newContext({ storageState: storageStateFor("editor"), baseURL });
    const editor = await editorContext.newPage();
    const headline = `Ferry operator adds night crossings ${Date.now()}`;
    await editor.goto("/desk");
    await editor.getByRole("link", { name: "New story" }).click();
    await expect(editor.getByRole("textbox", { name: "Body" })).toBeVisible();
    await editor.getByLabel("Headline").fill(headline);
    await editor.getByLabel("Standfirst").fill("Two extra crossings a night from the spring.");
    await editor.getByLabel("Section").selectOption({ label: "World" });
    await editor.getByRole("textbox", { name: "Body" }).click();
    await editor.keyboard.type("The ferry operator will add two night crossings from March.");
    await editor.getByRole("button", { name: "Save", exact: true }).click();
    await expect(editor).toHaveURL(/\/desk\/stories\/[0-9a-f-]{36}$/);
    await editor.getByRole("button", { name: "Publish", exact: true }).click();
    await editor.getByRole("dialog", { name: "Ready to publish" }).getByRole("button", { name: "Publish now" }).click();
    await expect(editor.getByRole("status").filter({ hasText: "now published" })).toBeVisible();

    // The worker delivers it, signed with the secret, once.
    const ours = () => receiver.received.filter((r) => (JSON.parse(r.body) as Event).data.story?.headline === headline);
    await expect.poll(() => ours().length).toBe(1);
    const [delivery] = ours();
    const event = JSON.parse(delivery!.body) as Event;
    expect(event.type).toBe("story.published");
    expect(delivery!.headers["newsdesk-event"]).toBe("story.published");
    expect(delivery!.headers["newsdesk-event-id"]).toBe(event.id);
    expect(verifySignature(secret, delivery!.headers["newsdesk-signature"] as string, delivery!.body)).toBe(true);
    expect(verifySignature(secret, delivery!.headers["newsdesk-signature"] as string, delivery!.body.replace(headline, "Something else"))).toBe(false);
    expect(event.data.story?.url).toMatch(new RegExp(`/world/${event.data.story?.slug}$`));
    expect(delivery!.body).not.toContain("two night crossings from March");

    // The delivery log shows it delivered; "Redeliver" sends the same event again.
    await admin.goto("/desk/webhooks");
    await admin.getByRole("link", { name: receiver.url }).click();
    const log = admin.getByTestId("delivery-log");
    // Newest first: the original stays last once its redelivery joins it, with the same event id.
    const entry = log.getByRole("listitem").filter({ hasText: event.id }).last();
    await expect(entry).toContainText("Delivered · 204");
    await entry.getByRole("button", { name: /^Redeliver story\.published/ }).click();
    await expect(entry.getByRole("status")).toContainText("Redelivery queued");
    await expect.poll(() => ours().length).toBe(2);
    expect(ours()[1]!.headers["newsdesk-event-id"]).toBe(event.id);

    // "Send test" queues a webhook.test event, which arrives signed too.
    await admin.getByRole("button", { name: "Send test" }).click();
    await expect.poll(() => receiver.received.filter((r) => r.headers["newsdesk-event"] === "webhook.test").length).toBe(1);
    const ping = receiver.received.find((r) => r.headers["newsdesk-event"] === "webhook.test")!;
    expect(verifySignature(secret, ping.headers["newsdesk-signature"] as string, ping.body)).toBe(true);

    // "Rotate secret": a new one, shown once; the next test event is signed with it, not the old.
    await admin.getByText("Rotate the signing secret…").click();
    await admin.getByRole("button", { name: "Rotate secret" }).click();
    const rotated = admin.getByTestId("webhook-secret");
    await expect(rotated).toContainText("Copy it now");
    const newSecret = (await rotated.locator("p.font-mono").textContent())?.trim() ?? "";
    expect(newSecret).toMatch(/^whsec_/);
    expect(newSecret).not.toBe(secret);
    await admin.getByRole("button", { name: "Send test" }).click();
    const pings = () => receiver.received.filter((r) => r.headers["newsdesk-event"] === "webhook.test");
    await expect.poll(() => pings().length).toBe(2);
    const second = pings()[1]!;
    expect(verifySignature(newSecret, second.headers["newsdesk-signature"] as string, second.body)).toBe(true);
    expect(verifySignature(secret, second.headers["newsdesk-signature"] as string, second.body)).toBe(false);

    // Deleted: it leaves the list.
    await admin.reload();
    await admin.getByText("Delete this webhook…").click();
    await admin.getByRole("button", { name: "Delete webhook" }).click();
    await expect(admin).toHaveURL(/\/desk\/webhooks\?deleted=1$/);
    await expect(admin.getByRole("link", { name: receiver.url })).toHaveCount(0);
    await adminContext.close();
    await editorContext.close();
  } finally {
    await receiver.stop();
  }
});
