package dev.s2s.broker.web;

import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code wait} preference of an RFC 7240 {@code Prefer} header: how long the caller
 * is willing to wait for the work to finish before taking a 202.
 */
public final class Prefer {

	public static final int MAX_WAIT_SECONDS = 60;

	private static final Pattern WAIT = Pattern.compile("(?:^|[,;])\\s*wait\\s*=\\s*\"?([^,;\"\\s]*)\"?",
			Pattern.CASE_INSENSITIVE);

	private Prefer() {
	}

	/**
	 * @throws InvalidRequest when {@code wait} is not a whole number of seconds from 0 to
	 * 60
	 */
	public static Optional<Duration> waitOf(String header) {
		if (header == null) {
			return Optional.empty();
		}
		Matcher matcher = WAIT.matcher(header);
		if (!matcher.find()) {
			return Optional.empty();
		}
		String seconds = matcher.group(1);
		if (!seconds.matches("[0-9]{1,2}") || Integer.parseInt(seconds) > MAX_WAIT_SECONDS) {
			throw new InvalidRequest("Prefer", "wait must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS);
		}
		return Optional.of(Duration.ofSeconds(Integer.parseInt(seconds)));
	}

}
