package dev.s2s.broker.refusal;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * A request the broker refuses, with all the caller is told about it. A feature names
 * each of its refusals as a fact and fixes its wording; the {@code web} package answers
 * every one the same way, as an RFC 9457 problem whose type ends in {@link #kind()}.
 * Nothing here knows HTTP beyond the number of the status the refusal is answered with.
 */
public abstract class Refusal extends RuntimeException {

	private final int status;

	private final String kind;

	private final String title;

	private final List<FieldAtFault> fieldsAtFault;

	private final @Nullable Duration retryAfter;

	/**
	 * @param status the HTTP status code the refusal is answered with, 400 to 599
	 * @param kind what kind of refusal this is, stable for callers to match on, e.g.
	 * {@code grant-not-found}
	 * @param title the kind in words, the same for every refusal of the kind
	 * @param detail this refusal in words
	 */
	protected Refusal(int status, String kind, String title, String detail) {
		this(status, kind, title, detail, List.of(), null);
	}

	/**
	 * @param fieldsAtFault the request fields at fault, if the refusal is about some
	 * @param retryAfter how long the caller should wait before repeating the request, if
	 * repeating it may succeed
	 */
	protected Refusal(int status, String kind, String title, String detail, List<FieldAtFault> fieldsAtFault,
			@Nullable Duration retryAfter) {
		super(detail);
		if (status < 400 || status > 599) {
			throw new IllegalArgumentException("A refusal is answered with a 4xx or 5xx status, not " + status);
		}
		this.status = status;
		this.kind = kind;
		this.title = title;
		this.fieldsAtFault = List.copyOf(fieldsAtFault);
		this.retryAfter = retryAfter;
	}

	public int status() {
		return status;
	}

	public String kind() {
		return kind;
	}

	public String title() {
		return title;
	}

	public String detail() {
		return getMessage();
	}

	/** The request fields at fault; empty when the refusal is not about any. */
	public List<FieldAtFault> fieldsAtFault() {
		return fieldsAtFault;
	}

	public Optional<Duration> retryAfter() {
		return Optional.ofNullable(retryAfter);
	}

}
