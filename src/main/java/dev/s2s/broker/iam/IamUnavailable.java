package dev.s2s.broker.iam;

/** IAM could not answer a read, after retries. */
public class IamUnavailable extends RuntimeException {

	private final IamError error;

	IamUnavailable(IamError error) {
		super("IAM unavailable: " + error.code() + " " + error.message(), null, false, false);
		this.error = error;
	}

	public IamError error() {
		return error;
	}

}
