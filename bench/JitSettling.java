/**
 * Waits for the JIT compilers' share of a process's CPU to fall, so a benchmark measures
 * compiled code rather than compilation. On a slow machine C2 was still compiling the hot paths
 * (JDBC binds, Spring's commit, OkHttp's interceptors) 90 s after the app started, using a third
 * of a core and leaving the rest of the code in its slower profiled tier: a fixed warm-up measured
 * the warm-up. The benchmarks start next to this file (Java's multi-file source launcher finds it).
 */
final class JitSettling {

    /** Below this many cores of compilation over a window, the JIT counts as settled. */
    static final double SETTLED_CORES = Double.parseDouble(System.getProperty("jitSettledCores", "0.05"));
    static final int WINDOW_SECONDS = 10;

    private JitSettling() {
    }

    /** One window of warm-up: lasts about {@link #WINDOW_SECONDS} while load runs. */
    interface Window {
        void run() throws Exception;
    }

    /** A window for a load that runs by itself meanwhile. */
    static final Window WAIT = () -> Thread.sleep(WINDOW_SECONDS * 1000L);

    /**
     * After the minimum warm-up has passed, runs {@code window} after window until the compilers
     * use under {@link #SETTLED_CORES} or {@code maxSeconds} of warm-up have passed; prints what it saw.
     *
     * @return the seconds of warm-up in all
     */
    static long awaitSettled(long pid, long startNanos, int maxSeconds, Window window) throws Exception {
        while (true) {
            long windowStart = System.nanoTime();
            long cpuStart = ProcessCpu.ofCompilers(pid);
            window.run();
            double cores = (ProcessCpu.ofCompilers(pid) - cpuStart) / (double) (System.nanoTime() - windowStart);
            long warmedSeconds = (System.nanoTime() - startNanos) / 1_000_000_000L;
            if (cores < SETTLED_CORES) {
                System.out.printf("  JIT settled after %d s of warm-up (compilers used %.2f cores over the last %d s)%n",
                        warmedSeconds, cores, WINDOW_SECONDS);
                return warmedSeconds;
            }
            if (warmedSeconds >= maxSeconds) {
                System.out.printf("  JIT still compiling after %d s of warm-up (%.2f cores over the last %d s);"
                        + " measuring anyway%n", warmedSeconds, cores, WINDOW_SECONDS);
                return warmedSeconds;
            }
        }
    }
}
