package dev.s2s.broker.iam;

import java.util.concurrent.TimeUnit;

import com.ibm.cloud.sdk.core.security.IamAuthenticator;
import okhttp3.OkHttpClient;

/**
 * IAM access tokens for the broker's API key, from sdk-core's {@link IamAuthenticator},
 * which caches a token and refreshes it before it expires. When IAM still rejects a token
 * (revoked, or the clocks disagree), {@link #rejected} drops the cache so the next call
 * fetches a new token.
 */
class IamTokens {

	private final IamProperties properties;

	private IamAuthenticator authenticator;

	private String lastToken;

	IamTokens(IamProperties properties) {
		this.properties = properties;
		this.authenticator = newAuthenticator();
	}

	/** A valid access token; throws sdk-core's exceptions when IAM does not issue one. */
	String token() {
		IamAuthenticator current;
		synchronized (this) {
			current = authenticator;
		}
		String token = current.getToken();
		synchronized (this) {
			if (current == authenticator) {
				lastToken = token;
			}
		}
		return token;
	}

	/** IAM refused {@code token}: forget it, unless another thread already did. */
	synchronized void rejected(String token) {
		if (token.equals(lastToken)) {
			authenticator = newAuthenticator();
			lastToken = null;
		}
	}

	private IamAuthenticator newAuthenticator() {
		IamAuthenticator iam = new IamAuthenticator.Builder().apikey(properties.apiKey())
			.url(properties.url().toString())
			.build();
		iam.setClient(
				new OkHttpClient.Builder().connectTimeout(properties.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
					.readTimeout(properties.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
					.retryOnConnectionFailure(false)
					.build());
		return iam;
	}

}
