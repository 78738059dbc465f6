package dev.s2s.broker.web;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The preference of an RFC 7240 {@code Prefer} header the broker honours: {@code wait},
 * how long the caller is willing to wait for the work to finish before taking a 202. A
 * handler method declares a {@code Prefer} parameter to get the request's, read once
 * ({@link PreferHeader}).
 *
 * @param patience the preferred wait, from 0 to 60 seconds; empty when the caller did not
 * say
 */
public record Prefer(Optional<Duration> patience) {

	public static final int MAX_WAIT_SECONDS = 60;

	/** The header's name. */
	public static final String HEADER = "Prefer";

	private static final Pattern WAIT = Pattern.compile("(?:^|[,;])\\s*wait\\s*=\\s*\"?([^,;\"\\s]*)\"?",
			Pattern.CASE_INSENSITIVE);

	public Prefer {
		Objects.requireNonNull(patience, "patience");
	}

	/**
	 * The preference of a header's value, every {@code Prefer} header of the request
	 * joined by commas; no header prefers nothing.
	 * @throws InvalidRequest when {@code wait} is not a whole number of seconds from 0 to
	 * 60
	 */
	public static Prefer of(@Nullable String header) {
		if (header == null) {
			return new Prefer(Optional.empty());
		}
		Matcher matcher = WAIT.matcher(header);
		if (!matcher.find()) {
			return new Prefer(Optional.empty());
		}
		String seconds = matcher.group(1);
		if (!seconds.matches("[0-9]{1,2}") || Integer.parseInt(seconds) > MAX_WAIT_SECONDS) {
			throw new InvalidRequest(HEADER, "wait must be a whole number of seconds from 0 to " + MAX_WAIT_SECONDS);
		}
		return new Prefer(Optional.of(Duration.ofSeconds(Integer.parseInt(seconds))));
	}

	/**
	 * The {@code Preference-Applied} value once the preferred wait was honoured:
	 * {@code wait=N}.
	 */
	public String applied() {
		return "wait=" + patience.orElseThrow().toSeconds();
	}

}
