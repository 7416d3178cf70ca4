package io.github.camelelevateai.component;

import java.lang.reflect.Method;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;

/**
 * Camel masks only the option names it knows as secret in camel-main's summary of configured properties. Camel 4.15
 * and later let a component add a name to that list ({@code setAdditionalSensitiveKeywords}); the 4.14 LTS line has a
 * fixed list. The methods are looked up by name so that the same source compiles and runs on every supported line.
 */
public final class SensitiveKeyword {

    private static final Method GET = method("getAdditionalSensitiveKeywords");
    private static final Method SET = method("setAdditionalSensitiveKeywords", String.class);

    private SensitiveKeyword() {
    }

    /** Whether this Camel can be told of another sensitive name: false on Camel 4.14. */
    public static boolean supported() {
        return GET != null && SET != null;
    }

    /** Adds the keyword to the context's list, once; does nothing on a Camel without that list. */
    static void register(CamelContext context, String keyword) {
        if (context == null || !supported()) {
            return;
        }
        ExtendedCamelContext extension = context.getCamelContextExtension();
        try {
            String known = (String) GET.invoke(extension);
            if (known != null && java.util.Arrays.stream(known.split(",")).map(String::trim).anyMatch(keyword::equalsIgnoreCase)) {
                return;
            }
            SET.invoke(extension, known == null || known.isBlank() ? keyword : known + "," + keyword);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot add " + keyword + " to Camel's sensitive keywords", e);
        }
    }

    private static Method method(String name, Class<?>... parameters) {
        try {
            return ExtendedCamelContext.class.getMethod(name, parameters);
        } catch (NoSuchMethodException e) {
            return null;
        }
    }
}
