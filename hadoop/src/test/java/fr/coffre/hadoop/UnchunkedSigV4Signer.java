package fr.coffre.hadoop;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * SigV4 without aws-chunked bodies, for S3A's plaintext baseline in {@link SparkBench} ({@code fs.s3a.http.signer.class}):
 * over plain http the AWS SDK signs uploads as aws-chunked streams, which Swift's s3api refuses (501), and S3A has no
 * switch for it. Uploads are sent as {@code UNSIGNED-PAYLOAD}: the request is still signed, its body not hashed
 * (a loopback benchmark server; Coffre's own S3 adapters hash theirs, so this only makes the baseline faster).
 */
public final class UnchunkedSigV4Signer implements HttpSigner<AwsCredentialsIdentity> {
    private final AwsV4HttpSigner v4 = AwsV4HttpSigner.create();

    @Override
    public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        return v4.sign(request.copy(b -> b.putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
    }

    @Override
    public CompletableFuture<AsyncSignedRequest> signAsync(AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return v4.signAsync(request.copy(b -> b.putProperty(AwsV4FamilyHttpSigner.CHUNK_ENCODING_ENABLED, false)
                .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
    }
}
