package dev.s2s.broker.web;

import java.lang.reflect.RecordComponent;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.core.converter.AnnotatedType;
import io.swagger.v3.core.converter.ModelConverter;
import io.swagger.v3.core.converter.ModelConverterContext;
import io.swagger.v3.core.util.Json;
import io.swagger.v3.oas.models.media.Schema;
import org.jspecify.annotations.NullMarked;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * The API's rule that a field with no value is absent (never {@code null}), stated in the
 * document from the code's own nullness (issue 22): in the schema of a record of a
 * {@code @NullMarked} package, every property is {@code required} unless its component is
 * {@code @Nullable}; a property computed by a {@code @JsonProperty} accessor is always
 * there. {@code required} a request record declares itself is kept. swagger-core does not
 * see JSpecify's {@code @Nullable} (a type-use annotation; swagger-core reads only
 * declaration annotations, swagger-core#4848), so without this nothing would be required.
 */
@Component
class RecordRequiredness implements ModelConverter {

	@Override
	public @Nullable Schema<?> resolve(AnnotatedType type, ModelConverterContext context,
			Iterator<ModelConverter> chain) {
		Schema<?> resolved = chain.hasNext() ? chain.next().resolve(type, context, chain) : null;
		if (resolved == null) {
			return null;
		}
		Class<?> raw = Json.mapper().constructType(type.getType()).getRawClass();
		if (raw.isRecord() && raw.getPackage().isAnnotationPresent(NullMarked.class)) {
			Schema<?> model = model(resolved, context);
			if (model != null && model.getProperties() != null) {
				Set<String> optional = optional(raw);
				List<String> required = model.getRequired() == null ? List.of() : model.getRequired();
				model.getProperties()
					.keySet()
					.stream()
					.filter(property -> !optional.contains(property) && !required.contains(property))
					.toList()
					.forEach(model::addRequiredItem);
			}
		}
		return resolved;
	}

	/** The schema itself, or the component a reference to it names. */
	private static @Nullable Schema<?> model(Schema<?> resolved, ModelConverterContext context) {
		String reference = resolved.get$ref();
		return reference == null ? resolved
				: context.getDefinedModels().get(reference.substring(reference.lastIndexOf('/') + 1));
	}

	/** The JSON names of the record's {@code @Nullable} components. */
	private static Set<String> optional(Class<?> record) {
		Set<String> optional = new HashSet<>();
		for (RecordComponent component : record.getRecordComponents()) {
			if (component.getAnnotatedType().isAnnotationPresent(Nullable.class)) {
				JsonProperty renamed = component.getAccessor().getAnnotation(JsonProperty.class);
				optional.add(renamed != null && !renamed.value().isEmpty() ? renamed.value() : component.getName());
			}
		}
		return optional;
	}

}
