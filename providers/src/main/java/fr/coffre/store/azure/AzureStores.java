package fr.coffre.store.azure;

import com.azure.core.http.HttpClient;
import com.azure.core.http.policy.HttpLogDetailLevel;
import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.http.jdk.httpclient.JdkHttpClientBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import fr.coffre.InvalidInputException;
import fr.coffre.store.ObjectStore;
import fr.coffre.store.internal.ParallelPartUploader;
import fr.coffre.store.internal.Retrier;
import fr.coffre.store.StoreConfig;
import fr.coffre.store.StoreCredentials;
import fr.coffre.store.StoreProvider;
import java.util.concurrent.ExecutorService;

/**
 * Opens Azure Blob stores (see {@code AzureBlobStore} for the driver choice). Credentials: the account's shared key
 * or a SAS token ({@link StoreCredentials#azureSharedKey}, {@link StoreCredentials#azureSas}).
 */
public final class AzureStores {

    /** Parts (blocks) sent at once per upload. */
    public static final int PARALLEL_PARTS = 2;

    private AzureStores() {
    }

    /** Opens the Azure container {@code config} describes; nothing is sent until the first operation. */
    public static ObjectStore open(StoreConfig config, StoreCredentials credentials) {
        return open(config, credentials, -1);
    }

    /**
     * {@link #open(StoreConfig, StoreCredentials)}, objects of known length from {@code streamedPutMinBytes} (-1:
     * more than one part) up to the config's single-put limit being sent as one streamed {@code Put Blob}.
     */
    static ObjectStore open(StoreConfig config, StoreCredentials credentials, long streamedPutMinBytes) {
        if (config == null || config.provider() != StoreProvider.AZURE) {
            throw new InvalidInputException("config: must be an azure store config");
        }
        if (credentials == null || credentials.isDestroyed()) {
            throw new InvalidInputException("credentials: must be non-null and not destroyed");
        }
        HttpClient http = new JdkHttpClientBuilder().connectionTimeout(config.connectTimeout())
                .responseTimeout(config.readTimeout()).readTimeout(config.readTimeout())
                .writeTimeout(config.readTimeout()).build();
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .endpoint(config.endpoint().toString())
                .httpClient(http)
                // never the SDK's HTTP log, whatever AZURE_HTTP_LOG_DETAIL_LEVEL says: URLs carry SAS tokens
                .httpLogOptions(new HttpLogOptions().setLogLevel(HttpLogDetailLevel.NONE))
                // one try per request: Coffre's Retrier retries idempotent requests with backoff and jitter
                .retryOptions(new RequestRetryOptions(RetryPolicyType.FIXED, 1, (Integer) null, null, null, null));
        switch (credentials.kind()) {
            case AZURE_SHARED_KEY -> builder.credential(new StorageSharedKeyCredential(config.account(),
                    credentials.secretAsString()));
            case AZURE_SAS -> builder.sasToken(credentials.secretAsString());
            default -> throw new InvalidInputException("credentials: an azure store takes an account key or a SAS"
                    + " token, not " + credentials.kind());
        }
        BlobContainerClient container = builder.buildClient().getBlobContainerClient(config.container());
        Retrier retrier = new Retrier(config.retryPolicy());
        ExecutorService parts = ParallelPartUploader.newPartExecutor("azure");
        ParallelPartUploader blocks = new ParallelPartUploader(config.partSizing(), PARALLEL_PARTS, retrier, parts);
        ParallelPartUploader uploader = blocks.withStreamedPuts(streamedPutMinBytes >= 0 ? streamedPutMinBytes
                : blocks.streamAboveOnePart(), config.maxSinglePutBytes());
        return new AzureBlobStore(container, config.descriptor(), retrier, uploader, parts);
    }

}
