package dev.s2s.broker.grant;

/** The grant a request for an intent led to, and whether it is new. */
public record RequestedGrant(Grant grant, Disposition disposition) {

	public enum Disposition {

		/** A new grant was recorded. */
		CREATED,
		/** A live grant for the same intent already existed; nothing new was recorded. */
		EXISTING,
		/** The existing grant for the intent had failed and was re-driven. */
		REDRIVEN

	}

}
