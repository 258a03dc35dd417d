package fr.coffre.store.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * AWS Signature V4 with {@code x-amz-content-sha256: UNSIGNED-PAYLOAD} whatever the scheme, for the client that
 * sends streamed single PUTs.
 *
 * <p>Why: the AWS SDK v2 hashes every request body into the signature over plain {@code http} (it already sends
 * S3 bodies unsigned over {@code https}), which means reading the body twice: impossible for a caller's stream
 * that is not buffered. With this scheme the body is read once, as it is sent.
 *
 * <p>What stays protected: the signature still covers the method, bucket, key, {@code Content-Length} and every
 * signed header, so the request cannot be redirected or resized. The body itself is protected by TLS on real
 * endpoints, and by COF1's authenticated encryption end to end (a modified body fails the tag check on read).
 */
final class UnsignedPayloadSigV4 implements AwsV4AuthScheme {

    private final AwsV4AuthScheme standard = AwsV4AuthScheme.create();
    private final AwsV4HttpSigner signer = new Signer(standard.signer());

    @Override
    public String schemeId() {
        return standard.schemeId();
    }

    @Override
    public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
        return standard.identityProvider(providers);
    }

    @Override
    public AwsV4HttpSigner signer() {
        return signer;
    }

    /** Signs the request as if it had no body and payload signing were off, then puts the body back, untouched. */
    private static final class Signer implements AwsV4HttpSigner {
        private final AwsV4HttpSigner standard;

        Signer(AwsV4HttpSigner standard) {
            this.standard = standard;
        }

        @Override
        public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
            SignedRequest signed = standard.sign(request.copy(b -> b.payload(null)
                    .putProperty(AwsV4FamilyHttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
            return signed.copy(b -> b.payload(request.payload().orElse(null)));
        }

        @Override
        public CompletableFuture<AsyncSignedRequest> signAsync(
                AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
            return standard.signAsync(request); // the sync client never signs asynchronously
        }
    }
}
