/**
 * Every setting reaches the app through the README's commands. `pnpm dev` and
 * `pnpm start` run through Turborepo, whose strict env mode hands a task only
 * the variables turbo.json declares: an undeclared one is silently dropped,
 * and its documented setting has no effect.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

import { dbEnvVariables } from "@cr/db/env";
import { describe, expect, it } from "vitest";

import { appEnvVariables } from "~/env";

import { webDir } from "../support/built-app";

const repositoryRoot = path.resolve(webDir, "../..");

interface TurboTask {
  env?: string[];
  passThroughEnv?: string[];
}

function turboDeclaredVariables(): Set<string> {
  const turbo = JSON.parse(readFileSync(path.join(repositoryRoot, "turbo.json"), "utf8")) as {
    globalEnv?: string[];
    globalPassThroughEnv?: string[];
    tasks: Record<string, TurboTask>;
  };
  const forTask = (name: string) => [...(turbo.tasks[name]?.env ?? []), ...(turbo.tasks[name]?.passThroughEnv ?? [])];
  // a variable must reach both ways of running the app
  const both = forTask("dev").filter((variable) => forTask("start").includes(variable));
  return new Set([...(turbo.globalEnv ?? []), ...(turbo.globalPassThroughEnv ?? []), ...both]);
}

const settings = [...new Set([...appEnvVariables, ...dbEnvVariables])];

describe("configuration", () => {
  it.each(settings)("%s reaches `pnpm dev` and `pnpm start` (declared in turbo.json)", (variable) => {
    expect(turboDeclaredVariables()).toContain(variable);
  });

  it.each(settings.filter((variable) => variable !== "NODE_ENV"))("%s is documented in the README's configuration table", (variable) => {
    const readme = readFileSync(path.join(repositoryRoot, "README.md"), "utf8");
    expect(readme).toMatch(new RegExp(`^\\| [^|]*\`${variable}\``, "m"));
  });
});
