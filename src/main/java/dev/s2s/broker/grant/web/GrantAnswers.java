package dev.s2s.broker.grant.web;

import java.net.URI;
import java.util.Optional;

import dev.s2s.broker.grant.Grant;
import dev.s2s.broker.grant.GrantService;
import dev.s2s.broker.grant.RequestedGrant;
import dev.s2s.broker.web.Prefer;
import dev.s2s.broker.web.RequestArrival;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * How the grants API answers a grant it recorded, re-drove or began revoking, on
 * {@code /v1/grants} and the shortcuts alike: 200 with {@code Content-Location} for the
 * live grant of the same intent; else, within the caller's {@code Prefer: wait}, 201 for
 * a new grant that finished, 200 for other work that did, 202 for work under way; always
 * with the grant's {@code Location}.
 */
@Component
class GrantAnswers {

	/** How the operations that answer here document {@code Prefer}. */
	static final String PREFER = "RFC 7240 preference `wait=N` (N from 0 to 60): "
			+ "wait up to N seconds from the request's arrival for the grant to finish before answering "
			+ "(`Preference-Applied: wait=N`); while broker.api.max-waiters requests wait already, answered at once "
			+ "without `Preference-Applied`";

	private final GrantService grants;

	GrantAnswers(GrantService grants) {
		this.grants = grants;
	}

	ResponseEntity<Grant> answer(RequestedGrant requested, Prefer prefer) {
		Grant grant = requested.grant();
		URI location = URI.create("/v1/grants/" + grant.id());
		if (requested.disposition() == RequestedGrant.Disposition.EXISTING) {
			return ResponseEntity.ok()
				.header(HttpHeaders.CONTENT_LOCATION, location.toString())
				.location(location)
				.body(grant);
		}
		HttpHeaders headers = new HttpHeaders();
		headers.setLocation(location);
		Optional<Grant> waited = prefer.patience()
			.flatMap(patience -> grants.awaitFinal(requested.grant().id(), RequestArrival.current().plus(patience)));
		if (waited.isPresent()) {
			headers.set("Preference-Applied", prefer.applied());
			grant = waited.get();
		}
		HttpStatus status = !grant.status().isFinal() ? HttpStatus.ACCEPTED
				: requested.disposition() == RequestedGrant.Disposition.CREATED ? HttpStatus.CREATED : HttpStatus.OK;
		return ResponseEntity.status(status).headers(headers).body(grant);
	}

}
