package dev.s2s.broker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No main source file is over ~300 lines (issue 21): the largest classes of the codebases
 * we learn from stay under it, each with one reason to change. A file that grows past it
 * is split along a seam of its domain, not exempted here.
 */
class ClassSizeTest {

	private static final int MAX_LINES = 300;

	private static final Path MAIN = Path.of("src/main/java");

	@Test
	void noMainSourceFileIsOverThreeHundredLines() throws IOException {
		List<Path> sources;
		try (Stream<Path> files = Files.walk(MAIN)) {
			sources = files.filter(file -> file.toString().endsWith(".java")).sorted().toList();
		}
		List<String> tooLong = sources.stream()
			.filter(file -> lines(file) > MAX_LINES)
			.map(file -> MAIN.relativize(file) + ": " + lines(file) + " lines")
			.toList();

		assertThat(sources).as("main sources under " + MAIN.toAbsolutePath()).isNotEmpty();
		assertThat(tooLong).as("main source files over %d lines; split each along a seam", MAX_LINES).isEmpty();
	}

	private static long lines(Path file) {
		try (Stream<String> lines = Files.lines(file)) {
			return lines.count();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Cannot read " + file, ex);
		}
	}

}
