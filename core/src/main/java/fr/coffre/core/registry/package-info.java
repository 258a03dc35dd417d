/**
 * The key-registry storage SPI: where a {@link fr.coffre.core.KeyRegistry} keeps its wrapped entries. The registry
 * directory is the embedded default ({@code KeyRegistry.Builder.directory}); other backends (PostgreSQL, module
 * {@code fr.coffre.registry.postgresql}) implement {@link fr.coffre.core.registry.RegistryStorage} and are passed
 * to {@code KeyRegistry.Builder.storage}.
 */
package fr.coffre.core.registry;
