package fr.coffre.store.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * rclone (Debian's) with a {@code crypt} remote over the local Swift's S3 API, as a peer: uploads the same generated
 * data from local files, downloads to nowhere (single objects) or to a scratch directory (small objects).
 * {@code AWS_CA_BUNDLE} is removed from its environment (its S3 backend fails to start with it here).
 */
final class Rclone {

    private final Path workDir;
    private final Path config;
    private final String bucket;
    private Path smallDir;

    Rclone(Path workDir, String bucket) throws IOException {
        this.workDir = workDir;
        this.bucket = bucket;
        Files.createDirectories(workDir);
        this.config = workDir.resolve("rclone.conf");
        String password = run(List.of("rclone", "obscure", "coffre-bench-password"), true).trim();
        String salt = run(List.of("rclone", "obscure", "coffre-bench-salt"), true).trim();
        Files.writeString(config, "[s3]\ntype = s3\nprovider = Other\naccess_key_id = test:tester\n"
                + "secret_access_key = testing\nendpoint = http://127.0.0.1:8080\nregion = us-east-1\n"
                + "force_path_style = true\n\n[s3-crypt]\ntype = crypt\nremote = s3:" + bucket + "\n"
                + "password = " + password + "\npassword2 = " + salt + "\n", StandardCharsets.UTF_8);
        run(List.of("rclone", "mkdir", "s3:" + bucket), false);
    }

    private Path file(long size) {
        return workDir.resolve("data-" + size);
    }

    void prepareFile(long size) throws IOException {
        StoreBench.writeGenerated(file(size), size);
    }

    void prepareSmall(int count, int bytes) throws IOException {
        smallDir = workDir.resolve("small-" + count + "x" + bytes);
        Files.createDirectories(smallDir);
        for (int i = 0; i < count; i++) {
            StoreBench.writeGenerated(smallDir.resolve("o" + i), bytes);
        }
    }

    void put(long size) throws IOException {
        run(List.of("rclone", "copyto", "--ignore-times", file(size).toString(), "s3-crypt:big/data-" + size), false);
    }

    void get(long size) throws IOException {
        run(List.of("rclone", "cat", "s3-crypt:big/data-" + size), false);
    }

    void putSmall() throws IOException {
        run(List.of("rclone", "copy", "--ignore-times", "--transfers", "4", smallDir.toString(), "s3-crypt:small"), false);
    }

    void getSmall() throws IOException {
        Path out = workDir.resolve("small-out");
        run(List.of("rclone", "copy", "--ignore-times", "--transfers", "4", "s3-crypt:small", out.toString()), false);
        try (var files = Files.list(out)) {
            for (Path p : (Iterable<Path>) files::iterator) {
                Files.delete(p);
            }
        }
    }

    private String run(List<String> command, boolean capture) throws IOException {
        List<String> cmd = new ArrayList<>(command);
        cmd.add(1, "--config");
        cmd.add(2, config.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().remove("AWS_CA_BUNDLE");
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        if (!capture) {
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
        }
        Process p = pb.start();
        String out = capture ? new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8) : "";
        try {
            int rc = p.waitFor();
            if (rc != 0) {
                throw new IOException("rclone " + command.get(1) + " failed with exit code " + rc);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }
}
