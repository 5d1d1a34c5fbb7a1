import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time (user + system) used so far, from Linux's /proc, for the benchmarks' "cores used"
 * figures: of one process, of all PostgreSQL server processes, and of a JVM's JIT compiler threads.
 * The benchmarks start next to this file (Java's multi-file source launcher finds it).
 */
final class ProcessCpu {

    private ProcessCpu() {
    }

    /** Of a process, all its threads. */
    static long ofProcess(long pid) throws IOException {
        return nanos(Files.readString(Path.of("/proc/" + pid + "/stat")));
    }

    /** Of all PostgreSQL server processes (those that exit meanwhile are not counted). */
    static long ofPostgres() {
        long total = 0;
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            try {
                String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
                if (name(stat).equals("postgres")) {
                    total += nanos(stat);
                }
            } catch (IOException | RuntimeException e) {
                // the process ended meanwhile
            }
        }
        return total;
    }

    /** Of a JVM's C1 and C2 compiler threads. */
    static long ofCompilers(long pid) throws IOException {
        long total = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : tasks.toList()) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = name(stat); // cut to 15 characters by Linux
                if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                    total += nanos(stat);
                }
            }
        }
        return total;
    }

    private static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** utime + stime, in Linux clock ticks of 10 ms. */
    private static long nanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * 10_000_000L;
    }
}
