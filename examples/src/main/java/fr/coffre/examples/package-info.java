/**
 * Runnable examples, compiled and tested with the build: the health-records demo ({@code ./coffre demo}) and
 * README's library snippet ({@link fr.coffre.examples.EmbeddingExample}).
 */
package fr.coffre.examples;
