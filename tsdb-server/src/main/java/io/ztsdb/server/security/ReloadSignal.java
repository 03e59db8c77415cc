// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import java.lang.reflect.Proxy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SIGHUP reloads the token and certificate files of every running server in the process. The handler is installed
 * once, on the first registration; it replaces the JVM's default for SIGHUP (shutdown).
 */
final class ReloadSignal {
    private static final System.Logger LOG = System.getLogger(ReloadSignal.class.getName());
    private static final Set<FileReloader> RELOADERS = ConcurrentHashMap.newKeySet();
    private static boolean installed;

    private ReloadSignal() {
    }

    static synchronized void register(final FileReloader reloader) {
        RELOADERS.add(reloader);
        if (!installed) {
            installed = true;
            try {
                install(() -> {
                    LOG.log(System.Logger.Level.INFO, "SIGHUP: reloading the token and certificate files");
                    RELOADERS.forEach(FileReloader::reloadAll);
                });
            } catch (final ReflectiveOperationException | RuntimeException ex) {
                // -Xrs, or a platform without SIGHUP: the files are still reloaded when they change.
                LOG.log(System.Logger.Level.WARNING, "SIGHUP cannot be handled here (" + ex
                    + "); files are reloaded when they change");
            }
        }
    }

    /**
     * {@code sun.misc.Signal.handle(new Signal("HUP"), handler)}, called reflectively: the class is the JDK's
     * supported signal API (module jdk.unsupported), but javac warns about every direct use of it and the build
     * treats warnings as errors.
     */
    private static void install(final Runnable action) throws ReflectiveOperationException {
        final Class<?> signalClass = Class.forName("sun.misc.Signal");
        final Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
        final Object handler = Proxy.newProxyInstance(ReloadSignal.class.getClassLoader(),
            new Class<?>[] {handlerClass}, (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                    action.run();
                    return null;
                }
                return method.getName().equals("toString") ? "ztsdb SIGHUP handler" : method.invoke(action, args);
            });
        final Object hup = signalClass.getConstructor(String.class).newInstance("HUP");
        signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, hup, handler);
    }

    static void unregister(final FileReloader reloader) {
        RELOADERS.remove(reloader);
    }
}
