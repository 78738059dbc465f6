package dev.s2s.broker.recipe;

public class RecipeNotFound extends RuntimeException {

	private final String name;

	public RecipeNotFound(String name) {
		super("No recipe named '" + name + "'");
		this.name = name;
	}

	public String name() {
		return name;
	}

}
