/**
 * The object-store SPI ({@link fr.coffre.store.ObjectStore}), store URIs, credentials, provider presets and the
 * adapters (S3 through the AWS SDK v2, the MinIO SDK or jclouds; OpenStack Swift through jclouds; Azure Blob through
 * the Azure Storage SDK; local filesystem and memory). Only {@code fr.coffre.store} is exported: the adapters and
 * their shared base live in unexported packages, and no third-party type appears in the exported API.
 *
 * <p>jclouds 2.7.0 and the MinIO SDK ship no module name: they are required by the names Java derives from their
 * jar files (javac warns about it). No key ever reaches this module: it sees ciphertext and opaque names only.
 */
@SuppressWarnings({"requires-automatic", "requires-transitive-automatic"})
module fr.coffre.providers {
    requires transitive fr.coffre.api;
    requires java.net.http;
    requires java.logging;
    requires jclouds.core;
    requires jclouds.blobstore;
    requires filesystem;
    requires openstack.swift;
    requires openstack.keystone;
    requires com.google.guice;
    requires minio;
    requires okhttp3;
    requires com.google.common;
    requires com.azure.core;
    requires com.azure.storage.blob;
    requires com.azure.storage.common;
    requires com.azure.core.http.jdk.httpclient;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.http.apache5;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.auth.aws;
    requires software.amazon.awssdk.http.auth.spi;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.retries.api;

    exports fr.coffre.store;
}
