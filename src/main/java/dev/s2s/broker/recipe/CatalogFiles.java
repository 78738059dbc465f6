package dev.s2s.broker.recipe;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

import org.springframework.boot.io.ApplicationResourceLoader;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.ResourceLoader;

/**
 * The catalog's files: where they are, how a problem names each, and each read as a YAML
 * tree, a file that cannot be read being a problem in the catalog's words.
 */
final class CatalogFiles {

	/** YAML 1.2, so {@code yes} is a string, not true; a key given twice is an error. */
	private static final ObjectMapper yaml = YAMLMapper.builder()
		.enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
		.build();

	private static final Pattern DUPLICATE_KEY = Pattern.compile("^Duplicate property \"([^\"]*)\"");

	private CatalogFiles() {
	}

	/** The built-in catalog, then the files of {@code broker.recipes.locations}. */
	static List<Resource> of(RecipeProperties properties) {
		// Unlike the application context's, this loader reads a plain path as a file.
		ResourceLoader loader = ApplicationResourceLoader.get(RecipeCatalog.class.getClassLoader());
		List<Resource> catalogs = new ArrayList<>();
		catalogs.add(new ClassPathResource(RecipeCatalog.RESOURCE));
		properties.locations().forEach(location -> catalogs.add(loader.getResource(location)));
		return catalogs;
	}

	/** How a problem names the file: its path, or the class path resource. */
	static String describe(Resource catalog) {
		if (catalog instanceof ClassPathResource resource) {
			return "classpath:" + resource.getPath();
		}
		if (catalog.isFile()) {
			try {
				return catalog.getFile().getPath();
			}
			catch (IOException ex) {
				// described below
			}
		}
		return catalog.getDescription();
	}

	/** The file's YAML tree; null, with the problem added, when there is none. */
	static @Nullable JsonNode read(Resource catalog, String file, List<String> problems) {
		if (!catalog.exists()) {
			problems.add(file + ": no such file");
			return null;
		}
		try (InputStream in = catalog.getInputStream()) {
			JsonNode root = yaml.readTree(in);
			if (root == null || root.isMissingNode() || root.isNull()) {
				problems.add(file + ": is empty");
				return null;
			}
			return root;
		}
		catch (JacksonException ex) {
			problems.add(file + ": is not valid YAML: " + yamlProblem(ex));
		}
		catch (IOException ex) {
			problems.add(file + ": cannot be read: " + ex.getMessage());
		}
		return null;
	}

	/**
	 * What the YAML parser says, on one line: without the excerpt of the file it quotes,
	 * and a duplicate key in the catalog's words.
	 */
	private static String yamlProblem(JacksonException ex) {
		Matcher duplicate = DUPLICATE_KEY.matcher(ex.getOriginalMessage());
		String problem = duplicate.find() ? "key '" + duplicate.group(1) + "' is given twice"
				: ex.getOriginalMessage()
					.lines()
					.filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
					.collect(Collectors.joining("; "));
		return problem + (ex.getLocation() == null ? ""
				: " (line " + ex.getLocation().getLineNr() + ", column " + ex.getLocation().getColumnNr() + ")");
	}

}
