package dev.s2s.broker;

import java.io.UncheckedIOException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Dockerfile's invariants, checked without a Docker engine: pinned base images, a
 * non-root user, and a COPY for each layer the built jar really has, in order. Runs after
 * {@code package}.
 */
class ContainerImageIT {

	private static final Pattern PINNED = Pattern
		.compile("^FROM eclipse-temurin:\\d+\\.\\d+\\.\\d+_\\d+-(jdk|jre)-\\w+( AS \\w+)?$");

	private final List<String> dockerfile = lines();

	@Test
	void buildsOnAJdkAndRunsOnAJava25JreBothPinned() {
		List<String> from = dockerfile.stream().filter(line -> line.startsWith("FROM ")).toList();

		assertThat(from).hasSize(2).allSatisfy(line -> assertThat(line).matches(PINNED));
		assertThat(from.get(0)).contains("-jdk-");
		assertThat(from.get(1)).startsWith("FROM eclipse-temurin:25.").contains("-jre-");
	}

	@Test
	void runsAsANonRootUser() {
		List<String> users = dockerfile.stream().filter(line -> line.startsWith("USER ")).toList();

		assertThat(users).singleElement().satisfies(user -> {
			String uid = user.substring("USER ".length()).split(":")[0];
			assertThat(uid).matches("\\d+");
			assertThat(Integer.parseInt(uid)).isPositive();
		});
		assertThat(dockerfile.indexOf(users.get(0))).isGreaterThan(dockerfile.lastIndexOf(dockerfile.stream()
			.filter(line -> line.startsWith("COPY --from=build"))
			.reduce((a, b) -> b)
			.orElseThrow()));
	}

	@Test
	void copiesEveryLayerOfTheBuiltJarInOrder() throws Exception {
		Path jar;
		try (Stream<Path> files = Files.list(Path.of("target"))) {
			jar = files.filter(file -> file.getFileName().toString().matches("s2s-broker-.*\\.jar"))
				.findFirst()
				.orElseThrow();
		}
		Process listing = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Djarmode=tools", "-jar", jar.toString(), "list-layers")
			.redirectErrorStream(true)
			.start();
		List<String> layers = new String(listing.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
			.map(String::trim)
			.filter(line -> !line.isEmpty())
			.toList();
		assertThat(listing.waitFor()).isZero();

		List<String> copied = dockerfile.stream()
			.filter(line -> line.startsWith("COPY --from=build /layers/"))
			.map(line -> line.replaceAll("COPY --from=build /layers/([^/]+)/.*", "$1"))
			.toList();

		assertThat(layers).containsExactly("dependencies", "spring-boot-loader", "snapshot-dependencies",
				"application");
		assertThat(copied).isEqualTo(layers);
		assertThat(dockerfile).anyMatch(line -> line.contains("org.springframework.boot.loader.launch.JarLauncher"));
	}

	private static List<String> lines() {
		try {
			return Files.readAllLines(Path.of("Dockerfile")).stream().map(String::strip).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
