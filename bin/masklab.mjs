#!/usr/bin/env node
// Registers tsx so the TypeScript CLI runs without a build step, from any working directory.
import { register } from "tsx/esm/api";

register();
const { main } = await import(new URL("../src/cli/main.ts", import.meta.url).href);
process.exitCode = await main(process.argv.slice(2));
