package dev.s2s.broker.web;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class CallerTokensTest {

	private static final Instant NOW = Instant.parse("2026-11-23T12:00:00Z");

	private final CallerTokens rules = new CallerTokens(Clock.fixed(NOW, ZoneOffset.UTC));

	@Test
	void acceptsATokenThatNamesItsCallerAndItsLifetime() {
		assertThat(rules.validate(token(claims -> claims)).hasErrors()).isFalse();
	}

	@Test
	void refusesATokenWithoutAnIdentity() {
		assertThat(errors(token(claims -> claims.claims(all -> all.remove("iam_id"))))).contains("iam_id");
	}

	@Test
	void refusesAnIdentityThatIsTooLongOrHasControlCharacters() {
		assertThat(errors(token(claims -> claims.claim("iam_id", "i".repeat(257))))).contains("256");
		assertThat(errors(token(claims -> claims.claim("iam_id", "iam-a\u0000b")))).contains("control");
		assertThat(rules.validate(token(claims -> claims.claim("iam_id", "i".repeat(256)))).hasErrors()).isFalse();
	}

	@Test
	void refusesATokenThatNeverExpires() {
		assertThat(errors(token(claims -> claims.claims(all -> all.remove("exp"))))).contains("exp");
	}

	@Test
	void refusesATokenIssuedInTheFutureBeyondTheClockSkew() {
		assertThat(errors(token(claims -> claims.issuedAt(NOW.plusSeconds(3600)).expiresAt(NOW.plusSeconds(7200)))))
			.contains("future");
		assertThat(rules.validate(token(claims -> claims.issuedAt(NOW.plusSeconds(30)))).hasErrors()).isFalse();
		assertThat(errors(token(claims -> claims.claims(all -> all.remove("iat"))))).contains("iat");
	}

	private String errors(Jwt token) {
		return rules.validate(token).getErrors().stream().map(OAuth2Error::getDescription).toList().toString();
	}

	private static Jwt token(UnaryOperator<Jwt.Builder> change) {
		Jwt.Builder builder = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("ServiceId-a")
			.claim("iam_id", "iam-ServiceId-a")
			.issuedAt(NOW.minusSeconds(60))
			.expiresAt(NOW.plusSeconds(3600));
		return change.apply(builder).build();
	}

}
