// `npm run create-admin -- --email you@example.org --name "Your Name"`: the first admin of a real
// newsroom. The password comes from NEWSDESK_ADMIN_PASSWORD or is asked for on the terminal.

import { parseArgs } from "node:util";
import { createInterface } from "node:readline/promises";

import { PrismaPg } from "@prisma/adapter-pg";
import { z } from "zod";

import { hashPassword, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from "@/lib/auth/password";
import { PrismaClient } from "@/lib/generated/prisma/client";

import { migrateDatabase } from "./db/migrations";

const input = z.object({
  email: z.string().trim().toLowerCase().email("Give a valid --email."),
  name: z.string().trim().min(1, "Give a --name.").max(100),
  password: z
    .string()
    .min(MIN_PASSWORD_LENGTH, `The password needs at least ${MIN_PASSWORD_LENGTH} characters.`)
    .max(MAX_PASSWORD_LENGTH),
});

async function askPassword(): Promise<string> {
  if (process.env.NEWSDESK_ADMIN_PASSWORD) return process.env.NEWSDESK_ADMIN_PASSWORD;
  if (!process.stdin.isTTY) throw new Error("Set NEWSDESK_ADMIN_PASSWORD, or run this in a terminal to be asked for the password.");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return await rl.question("Password for the new admin: ");
  } finally {
    rl.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { email: { type: "string" }, name: { type: "string" } } });
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error("Set DATABASE_URL to the newsroom's PostgreSQL server.");
  const parsed = input.safeParse({ email: values.email ?? "", name: values.name ?? "", password: await askPassword() });
  if (!parsed.success) throw new Error(parsed.error.issues.map((issue) => issue.message).join(" "));

  await migrateDatabase(databaseUrl);
  const db = new PrismaClient({ adapter: new PrismaPg({ connectionString: databaseUrl }) });
  try {
    const passwordHash = await hashPassword(parsed.data.password);
    const user = await db.user.upsert({
      where: { email: parsed.data.email },
      create: { email: parsed.data.email, displayName: parsed.data.name, role: "ADMIN", passwordHash },
      update: { role: "ADMIN", status: "ACTIVE", passwordHash },
      select: { id: true, email: true },
    });
    await db.auditLog.create({ data: { actorId: null, action: "user.createAdmin", entityType: "user", entityId: user.id } });
    console.log(`Admin ready: ${user.email}. Sign in at /login.`);
  } finally {
    await db.$disconnect();
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
