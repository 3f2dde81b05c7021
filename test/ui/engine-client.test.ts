// The engine client's watchdog with a fake worker: a run past its limit (plus grace) kills the
// worker, answers with a TimeoutError marked engineRestarted, answers queued runs too, and
// the next run starts a fresh worker. Runs that finish in time are untouched.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEngineClient } from "../../src/ui/engine/client";
import type { FromWorker, RunResult, ToWorker } from "../../src/ui/engine/protocol";

class FakeWorker {
  static all: FakeWorker[] = [];
  onmessage: ((e: MessageEvent<FromWorker>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  terminated = false;
  readonly received: ToWorker[] = [];
  constructor() {
    FakeWorker.all.push(this);
  }
  postMessage(msg: ToWorker) {
    this.received.push(msg);
  }
  terminate() {
    this.terminated = true;
  }
  reply(msg: FromWorker) {
    this.onmessage?.({ data: msg } as MessageEvent<FromWorker>);
  }
}

const ok = (stdout: string): RunResult => ({
  stdout,
  error: null,
  traceback: null,
  displays: [],
  durationMs: 1,
});
const crash = (m: string): RunResult => ({ ...ok(""), error: `EngineError: ${m}` });

beforeEach(() => {
  vi.useFakeTimers();
  FakeWorker.all = [];
});
afterEach(() => vi.useRealTimers());

function client(timeoutSeconds = 2) {
  return createEngineClient(crash, {
    timeoutSeconds,
    graceMs: 500,
    createWorker: () => new FakeWorker() as unknown as Worker,
  });
}

describe("engine client watchdog", () => {
  it("passes the limit to the worker and leaves a run that finishes in time alone", async () => {
    const c = client(2);
    const p = c.run("x = 1");
    const w = FakeWorker.all[0];
    expect(w.received[0]).toMatchObject({ type: "run", code: "x = 1", timeoutSeconds: 2 });
    w.reply({ type: "started", id: 1 });
    vi.advanceTimersByTime(2400);
    w.reply({ type: "result", id: 1, result: ok("fine\n") });
    await expect(p).resolves.toEqual(ok("fine\n"));
    vi.advanceTimersByTime(10_000);
    expect(w.terminated).toBe(false);
  });

  it("kills a worker stuck past limit + grace and starts a fresh one for the next run", async () => {
    const c = client(1);
    const restarts: string[] = [];
    c.onRestart((r) => restarts.push(r));
    const stuck = c.run("while True: pass");
    const queued = c.run("print(1)");
    const w = FakeWorker.all[0];
    // Loading the engine does not count: the clock starts at "started".
    vi.advanceTimersByTime(5000);
    expect(w.terminated).toBe(false);
    w.reply({ type: "started", id: 1 });
    vi.advanceTimersByTime(1499);
    expect(w.terminated).toBe(false);
    vi.advanceTimersByTime(1);
    expect(w.terminated).toBe(true);
    const r = await stuck;
    expect(r.error).toBe("TimeoutError: cell took longer than 1.0 s and was stopped");
    expect(r.engineRestarted).toBe(true);
    expect((await queued).engineRestarted).toBe(true);
    expect(restarts).toEqual(["timeout"]);
    // A late message from the dead worker changes nothing.
    w.reply({ type: "result", id: 1, result: ok("late\n") });
    const next = c.run("print(2)");
    expect(FakeWorker.all).toHaveLength(2);
    FakeWorker.all[1].reply({ type: "result", id: 3, result: ok("2\n") });
    await expect(next).resolves.toEqual(ok("2\n"));
  });

  it("a per-run limit overrides the default, and nonsense limits are ignored", async () => {
    const c = client(5);
    void c.run("a", { timeoutSeconds: 0.5 });
    void c.run("b", { timeoutSeconds: -1 });
    c.setTimeoutSeconds(Number.NaN);
    void c.run("c");
    c.setTimeoutSeconds(30);
    void c.run("d");
    const sent = FakeWorker.all[0].received.map((m) => (m.type === "run" ? m.timeoutSeconds : 0));
    expect(sent).toEqual([0.5, 5, 5, 30]);
    expect(c.timeoutSeconds).toBe(30);
  });

  it("interrupt answers the pending run with the crash message and marks the restart", async () => {
    const c = client();
    const p = c.run("x");
    c.interrupt();
    const r = await p;
    expect(r.error).toBe("EngineError: KeyboardInterrupt");
    expect(r.engineRestarted).toBe(true);
    expect(FakeWorker.all[0].terminated).toBe(true);
  });
});
