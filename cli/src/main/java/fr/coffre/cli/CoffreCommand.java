package fr.coffre.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code coffre}: the top-level command. Store and output options may also be given before the command name. */
@Command(name = "coffre", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        synopsisSubcommandLabel = "COMMAND",
        header = "coffre: client-side-encrypted health records in object stores, keys in French custody",
        subcommands = {DemoCommand.class, InitCommand.class, PutCommand.class, GetCommand.class, LsCommand.class,
                StatCommand.class, RmCommand.class, MbCommand.class, CleanupCommand.class, MigrateCommand.class,
                VerifyCommand.class, RepairCommand.class, RotateCommand.class, RetireCommand.class,
                ClaimsCommand.class, ShredCommand.class,
                AuditCommand.class, InfoCommand.class, ReportCommand.class, ExportCommand.class, HelpCommand.class},
        footerHeading = "%n",
        footer = {
                "custody URIs (--custody URI, or COFFRE_CUSTODY, or custody.uri in coffre.yaml):",
                "  keystore:PATH             local BCFKS keystore (development only)",
                "  pkcs11:CONFIG_FILE        HSM through a SunPKCS11 configuration file",
                "  kmip://HOST[:PORT]?ca=CA.pem&client=CLIENT.p12[&mode=server-side|fetch-then-wrap][&namespace=NS]",
                "                            KMIP key manager, mutual TLS",
                "  each takes ?jurisdiction=XX (where the custody is operated; default FR; see --allow-jurisdiction);",
                "  PINs and passwords come from the environment, never the URI",
                "",
                "stores (--store URI|NAME): mem:, file:///abs/path, s3://, ovh://, scaleway://, outscale://, swift://,",
                "  azure://, or a name under 'stores' in coffre.yaml; credentials from COFFRE_* variables, never the URI",
                "",
                "configuration: --config FILE, else COFFRE_CONFIG, else ./coffre.yaml (stores, custody, registry, vault,",
                "  masterKeyId, principal, reason, policy: preset, allowJurisdictions, allowStoreCountries,",
                "  jurisdictionExceptions;",
                "  secrets never in the file, only paths of 0600 files)",
                "",
                "policy (--policy PRESET): development (default: custody jurisdiction only) or fr-health (EEA stores",
                "  and providers, FR custody, TLS except on loopback, unknown providers refused); see POLICY.md",
                "",
                "environment:",
                "  COFFRE_CUSTODY               custody URI when --custody and --keystore are absent",
                "  COFFRE_CONFIG                configuration file",
                "  COFFRE_PRINCIPAL             who acts, recorded in the audit trail, when --principal is absent",
                "  COFFRE_REASON                purpose of access, recorded in the audit trail, when --reason is absent",
                "  COFFRE_KEYSTORE_PASSWORD     keystore password; without it a generated one is saved beside the",
                "                               keystore (0600): development only",
                "  COFFRE_PKCS11_PIN            user PIN of the PKCS#11 token (read at each login)",
                "  COFFRE_KMIP_CLIENT_PASSWORD  password of the KMIP client PKCS#12 file",
                "  SOFTHSM2_CONF                (SoftHSM only) read by the PKCS#11 library itself",
                "",
                "exit codes: 0 ok, 1 error, 2 usage or invalid input, 3 not found (object, container or bucket),",
                "  4 tampered, 5 key unavailable or destroyed, 6 policy violation (the message names the rule),",
                "  7 access denied by the store, 8 verify found differences, 9 migration incomplete (run it again),",
                "  10 audit trail invalid (audit verify), 11 vault not set up (no key registry or keystore: coffre",
                "  init creates them) or store of another key registry"})
final class CoffreCommand implements Callable<Integer> {
    final Io io;

    @Mixin
    StoreOptions storeOptions;

    @Mixin
    OutputOptions outputOptions;

    @Spec
    CommandSpec spec;

    CoffreCommand(Io io) {
        this.io = io;
    }

    /** {@code coffre} alone: the usage, exit 0. */
    @Override
    public Integer call() {
        io.out().print(spec.commandLine().getUsageMessage(Ansi.OFF));
        return ExitCodes.OK;
    }
}
