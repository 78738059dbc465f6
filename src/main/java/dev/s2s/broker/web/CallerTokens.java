package dev.s2s.broker.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimNames;

/**
 * The claims a caller's token must carry, beyond a valid signature from the configured
 * issuer (issue 13):
 * <ul>
 * <li>{@code iam_id}: the identity access rules, audit events and idempotency keys are
 * kept by; 1 to 256 characters, none of them control characters (IBM Cloud IAM ids such
 * as {@code iam-ServiceId-…} are far shorter). A token without one is refused rather than
 * falling back to another claim, so two callers can never share an identity;</li>
 * <li>{@code exp}: a token that never expires is refused (Spring checks only an
 * {@code exp} that is present);</li>
 * <li>{@code iat}, not in the future (beyond the clock skew Spring allows for
 * {@code exp}).</li>
 * </ul>
 */
final class CallerTokens implements OAuth2TokenValidator<Jwt> {

	/** The claim that names the caller. */
	static final String IDENTITY_CLAIM = "iam_id";

	static final int MAX_IDENTITY_LENGTH = 256;

	private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

	private final Clock clock;

	CallerTokens(Clock clock) {
		this.clock = clock;
	}

	@Override
	public OAuth2TokenValidatorResult validate(Jwt token) {
		List<OAuth2Error> errors = new ArrayList<>();
		Object identity = token.getClaims().get(IDENTITY_CLAIM);
		if (!(identity instanceof String id) || id.isEmpty()) {
			errors.add(invalid("The token names no caller (claim " + IDENTITY_CLAIM + ")"));
		}
		else if (id.length() > MAX_IDENTITY_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
			errors.add(invalid("The token's " + IDENTITY_CLAIM + " is not an identity (at most " + MAX_IDENTITY_LENGTH
					+ " characters, no control characters)"));
		}
		if (token.getExpiresAt() == null) {
			errors.add(invalid("The token has no expiry (claim exp)"));
		}
		Instant issuedAt = token.getIssuedAt();
		if (issuedAt == null) {
			errors.add(invalid("The token has no issue time (claim iat)"));
		}
		else if (issuedAt.isAfter(clock.instant().plus(CLOCK_SKEW))) {
			errors.add(invalid("The token is issued in the future (claim " + JwtClaimNames.IAT + ")"));
		}
		return errors.isEmpty() ? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult.failure(errors);
	}

	private static OAuth2Error invalid(String description) {
		return new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null);
	}

}
