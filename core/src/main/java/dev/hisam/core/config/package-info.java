/** One immutable, validated config tree: defaults, then a JSON file, then {@code --set a.b=c}. */
package dev.hisam.core.config;
