package org.mtlssuite.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Pauses and resumes a whole PostgreSQL server, as a storage stall or a paused VM would: the
 * postmaster (its pid is the first line of {@code postmaster.pid} in the data directory) and every
 * process it forked (backends, checkpointer, WAL writer, ...), found through {@code /proc}.
 * Pausing only the postmaster is not a stall: open connections keep working.
 */
final class PostgresProcesses {

    private final Path dataDirectory;
    private final Set<Long> stopped = new LinkedHashSet<>();

    PostgresProcesses(Path dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    long postmaster() throws IOException {
        return Long.parseLong(Files.readAllLines(dataDirectory.resolve("postmaster.pid")).get(0).strip());
    }

    /**
     * SIGSTOP to the postmaster first (it forks no new backend from then on), then to its children,
     * again until no running child is left. Returns the paused pids.
     */
    synchronized List<Long> stopAll() throws Exception {
        long pm = postmaster();
        signal("STOP", List.of(pm));
        stopped.add(pm);
        for (int round = 0; round < 10; round++) {
            List<Long> running = new ArrayList<>(childrenOf(pm));
            running.removeAll(stopped);
            if (running.isEmpty()) {
                break;
            }
            signal("STOP", running);
            stopped.addAll(running);
        }
        // A signal is delivered asynchronously: wait (briefly) until the kernel shows every process stopped.
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (long pid : stopped) {
            char state;
            while ((state = state(pid)) != 'T' && state != 't' && state != '?') {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL process " + pid + " is not stopped (state " + state + ")");
                }
                Thread.sleep(5);
            }
        }
        return List.copyOf(stopped);
    }

    /** SIGCONT to every process paused by {@link #stopAll}; safe to call more than once. */
    synchronized void continueAll() throws Exception {
        if (stopped.isEmpty()) {
            return;
        }
        List<Long> alive = stopped.stream().filter(p -> Files.exists(Path.of("/proc", Long.toString(p)))).toList();
        if (!alive.isEmpty()) {
            signal("CONT", alive);
        }
        stopped.clear();
    }

    static List<Long> childrenOf(long parent) throws IOException {
        List<Long> out = new ArrayList<>();
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path p : procs.toList()) {
                String name = p.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                String stat;
                try {
                    stat = Files.readString(p.resolve("stat"));
                } catch (IOException gone) {
                    continue;
                }
                // pid (comm) state ppid ...: comm may hold spaces and parentheses, so read after the last ')'.
                String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                if (Long.parseLong(rest[1]) == parent) {
                    out.add(Long.parseLong(name));
                }
            }
        }
        return out;
    }

    static char state(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2);
        } catch (IOException gone) {
            return '?';
        }
    }

    private static void signal(String signal, List<Long> pids) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        pids.forEach(p -> command.add(Long.toString(p)));
        Process kill = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(kill.getInputStream().readAllBytes());
        if (kill.waitFor() != 0 && !"CONT".equals(signal)) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
    }
}
