package org.takedown.neo4jtest.gds;

import java.util.Optional;

import org.neo4j.configuration.Config;
import org.neo4j.gds.LicenseState;
import org.neo4j.gds.LicensingBusinessFacade;
import org.neo4j.gds.LicensingService;
import org.neo4j.gds.OpenGdsLicensingServiceBuilder;
import org.neo4j.gds.SysInfoProcFacade;
import org.neo4j.gds.applications.modelcatalog.ModelRepository;
import org.neo4j.gds.applications.operations.FeatureTogglesRepository;
import org.neo4j.gds.core.model.OpenModelCatalog;
import org.neo4j.gds.core.write.NativeExportBuildersProvider;
import org.neo4j.gds.logging.Log;
import org.neo4j.gds.metrics.Metrics;
import org.neo4j.gds.procedures.integration.DefaultExportLocation;
import org.neo4j.gds.procedures.integration.LogAccessor;
import org.neo4j.gds.procedures.integration.OpenGraphDataScienceExtensionBuilder;
import org.neo4j.kernel.api.procedure.GlobalProcedures;
import org.neo4j.kernel.extension.ExtensionFactory;
import org.neo4j.kernel.extension.context.ExtensionContext;
import org.neo4j.kernel.lifecycle.Lifecycle;
import org.neo4j.logging.internal.LogService;

/**
 * Wires the Graph Data Science procedures into the test server.
 *
 * <p>Maven Central carries the GDS modules (procedures, algorithms, the
 * {@code OpenGraphDataScienceExtensionBuilder}) but not the packaged plugin jar,
 * and that jar is where the kernel extension lives that registers the
 * {@code GraphDataScienceProcedures} component every GDS procedure injects.
 * This class is that extension for the test server: open-source defaults, no
 * metrics, models kept in memory only. It also registers the licensing
 * components that the gds.version / gds.debug.sysInfo / gds.license.state
 * procedures inject (always the open, unlicensed edition).
 *
 * <p>Compiled and put on the classpath only for {@code start --with-gds}; it is
 * found through META-INF/services/org.neo4j.kernel.extension.ExtensionFactory.
 */
public final class GdsExtension extends ExtensionFactory<GdsExtension.Dependencies> {
    public GdsExtension() {
        super("takedown.test.gds");
    }

    public interface Dependencies {
        Config config();

        GlobalProcedures globalProcedures();

        LogService logService();
    }

    @Override
    public Lifecycle newInstance(ExtensionContext context, Dependencies dependencies) {
        Log log = new LogAccessor().getLog(dependencies.logService(), getClass());
        Config config = dependencies.config();
        GlobalProcedures procedures = dependencies.globalProcedures();

        LicensingService licensing = new OpenGdsLicensingServiceBuilder().build(config);
        procedures.registerComponent(LicenseState.class, ctx -> licensing.get(), true);
        procedures.registerComponent(SysInfoProcFacade.class,
                ctx -> new SysInfoProcFacade(new LicensingBusinessFacade(licensing)), true);

        ModelRepository noModelStore = model -> {
            throw new UnsupportedOperationException("storing models on disk is not available in the test server");
        };
        return OpenGraphDataScienceExtensionBuilder.create(
                        log,
                        procedures,
                        config,
                        (database, configuration) -> new NativeExportBuildersProvider(),
                        new DefaultExportLocation(log, config),
                        new FeatureTogglesRepository(),
                        Metrics.DISABLED,
                        new OpenModelCatalog(),
                        noModelStore,
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty())
                .getLeft()
                .build();
    }
}
