package io.github.camelelevateai.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What Karaf would fetch for {@code feature:repo-add} and {@code feature:install camel-elevateai}, resolved through Maven
 * as Karaf's mvn: handler would: the Camel Karaf features repository, every bundle of ours (HttpClient 5 among them),
 * and the third-party bundles of the Camel Karaf features ours requires (Jackson). The features it requires must be in that repository
 * at a version in the range asked. Camel Karaf's own bundles (org.apache.camel.karaf) are not served to this build's
 * machines, and Karaf itself is not booted: what installs is checked as far as the files go.
 */
class KarafFeaturesIT {

    private static final String NS = "http://karaf.apache.org/xmlns/features/v1.6.0";
    private static final String OWN_GROUP = "io.github.camelelevateai";
    private static final String CAMEL_KARAF_GROUP = "org.apache.camel.karaf";
    private static final Pattern MVN = Pattern.compile("(?:wrap:)?mvn:([^/$]+)/([^/$]+)/([^/$]+)(?:/([^/$]+))?(?:/([^/$]+))?(?:\\$.*)?");

    private static Path featuresFile;

    @TempDir
    Path work;

    @BeforeAll
    static void onlyWhereTheFeaturesAreBuilt() {
        String karaf = System.getProperty("elevateai.camel.karaf.version", "");
        assumeTrue(!karaf.isBlank(), "The Karaf features are built on the Camel 4.14 line only (-Dcamel.line=4.14):"
                + " Camel Karaf is served here for 4.14 only");
        featuresFile = Path.of("target", "feature", "features.xml");
    }

    @Test
    void everyRepositoryAndBundleResolvesAndEveryRequiredFeatureIsInTheCamelRepository() throws Exception {
        Element ours = document(featuresFile).getDocumentElement();
        List<Artifact> repositories = texts(ours, "repository").stream().map(Artifact::parse).toList();
        assertThat(repositories).as("one Camel Karaf features repository").singleElement()
                .satisfies(repository -> assertThat(repository.groupId()).isEqualTo(CAMEL_KARAF_GROUP));
        Element feature = feature(ours, "camel-elevateai");
        List<Artifact> bundles = texts(feature, "bundle").stream().map(Artifact::parse).toList();
        assertThat(bundles).as("the component's bundle").anyMatch(bundle -> bundle.groupId().equals(OWN_GROUP));

        Path camelRepository = resolve(repositories).get(0);
        Element camel = document(camelRepository).getDocumentElement();
        Set<Artifact> needed = new LinkedHashSet<>();
        for (Element requirement : children(feature, "feature")) {
            String name = requirement.getTextContent().trim();
            String range = requirement.getAttribute("version");
            if (range.isEmpty() && karafOwnPrerequisites(camel).contains(name)) {
                // one of Karaf's standard features (wrap), which Camel Karaf's features require the same way
                continue;
            }
            Element provided = children(camel, "feature").stream()
                    .filter(candidate -> candidate.getAttribute("name").equals(name))
                    .filter(candidate -> VersionRange.parse(range).includes(candidate.getAttribute("version")))
                    .findFirst().orElse(null);
            assertThat(provided).as("feature %s %s in %s", name, range, repositories.get(0)).isNotNull();
            texts(provided, "bundle").stream().map(Artifact::parse)
                    .filter(bundle -> !bundle.groupId().equals(CAMEL_KARAF_GROUP)).forEach(needed::add);
        }
        assertThat(needed).as("the third-party bundles of the features required").isNotEmpty();

        List<String> urls = texts(feature, "bundle").stream().filter(url -> !Artifact.parse(url).groupId().equals(OWN_GROUP))
                .toList();
        List<Artifact> fetched = new ArrayList<>(urls.stream().map(Artifact::parse).toList());
        fetched.addAll(needed);
        List<Path> files = resolve(fetched);
        for (Path file : files) {
            try (JarFile jar = new JarFile(file.toFile())) {
                assertThat(jar.getManifest()).as("%s is a jar", file.getFileName()).isNotNull();
            }
        }
        // the bundles wrapped here export their packages at a version the component's imports accept
        String imports = BundleManifestIT.importPackage();
        for (int i = 0; i < urls.size(); i++) {
            Matcher exported = Pattern.compile("Export-Package=\\*;version=([0-9.]+)").matcher(urls.get(i));
            if (!urls.get(i).startsWith("wrap:") || !exported.find()) {
                continue;
            }
            Set<String> packages = packages(files.get(i));
            Matcher imported = Pattern.compile("([a-z0-9_.]+);version=\"([^\"]+)\"").matcher(imports);
            int checked = 0;
            while (imported.find()) {
                if (packages.contains(imported.group(1))) {
                    assertThat(VersionRange.parse(imported.group(2)).includes(exported.group(1)))
                            .as("%s %s imported at %s", imported.group(1), exported.group(1), imported.group(2)).isTrue();
                    checked++;
                }
            }
            assertThat(checked).as("the component imports packages of %s", fetched.get(i)).isPositive();
        }
        for (Artifact own : bundles.stream().filter(b -> b.groupId().equals(OWN_GROUP)).toList()) {
            Path jar = Path.of("target", own.artifactId() + "-" + own.version() + ".jar");
            assertThat(jar).as("this build's bundle").exists();
            try (JarFile bundle = new JarFile(jar.toFile())) {
                assertThat(bundle.getManifest().getMainAttributes().getValue("Bundle-SymbolicName"))
                        .isEqualTo(own.groupId() + "." + own.artifactId());
            }
        }
    }

    @Test
    void theCamelCoreFeatureAskedIsTheLineTheBundleImports() throws Exception {
        Element feature = feature(document(featuresFile).getDocumentElement(), "camel-elevateai");
        String camelCore = children(feature, "feature").stream()
                .filter(requirement -> requirement.getTextContent().trim().equals("camel-core"))
                .map(requirement -> requirement.getAttribute("version")).findFirst().orElseThrow();
        String imports = BundleManifestIT.importPackage();
        assertThat(imports).contains("org.apache.camel;version=\"" + camelCore + "\"");
        assertThat(document(featuresFile).getDocumentElement().getTextContent()).doesNotContain("${");
    }

    /** Resolves the artifacts through Maven, with this build's local repository: from it, or else from the remote one. */
    private List<Path> resolve(List<Artifact> artifacts) throws IOException, InterruptedException {
        StringBuilder dependencies = new StringBuilder();
        for (Artifact artifact : artifacts) {
            dependencies.append("<dependency><groupId>").append(artifact.groupId()).append("</groupId><artifactId>")
                    .append(artifact.artifactId()).append("</artifactId><version>").append(artifact.version())
                    .append("</version><type>").append(artifact.type()).append("</type>")
                    .append(artifact.classifier() == null ? "" : "<classifier>" + artifact.classifier() + "</classifier>")
                    .append("<exclusions><exclusion><groupId>*</groupId><artifactId>*</artifactId></exclusion>")
                    .append("</exclusions></dependency>\n");
        }
        Path pom = work.resolve("pom.xml");
        Files.writeString(pom, """
                <project xmlns="http://maven.apache.org/POM/4.0.0">
                  <modelVersion>4.0.0</modelVersion>
                  <groupId>karaf.check</groupId>
                  <artifactId>karaf-check</artifactId>
                  <version>1</version>
                  <packaging>pom</packaging>
                  <dependencies>
                  %s</dependencies>
                </project>
                """.formatted(dependencies), StandardCharsets.UTF_8);
        Path out = work.resolve("resolved");
        List<String> command = new ArrayList<>(List.of(maven(), "-B", "-q", "-f", pom.toString(),
                "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
                "-DoutputDirectory=" + out, "-Dmdep.useRepositoryLayout=true"));
        String localRepository = System.getProperty("elevateai.maven.repo.local", "");
        if (!localRepository.isBlank()) {
            command.add("-Dmaven.repo.local=" + localRepository);
        }
        Path log = work.resolve("maven.log");
        Process maven = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertThat(maven.waitFor(5, TimeUnit.MINUTES)).as("Maven resolved within 5 minutes").isTrue();
        assertThat(maven.exitValue()).as("Maven resolves %s:%n%s", artifacts, Files.readString(log)).isZero();
        List<Path> files = new ArrayList<>();
        for (Artifact artifact : artifacts) {
            Path file = out.resolve(artifact.repositoryPath());
            assertThat(file).as("%s resolved", artifact).isNotEmptyFile();
            files.add(file);
        }
        return files;
    }

    private static Set<String> packages(Path jar) throws IOException {
        Set<String> packages = new LinkedHashSet<>();
        try (JarFile file = new JarFile(jar.toFile())) {
            file.stream().map(entry -> entry.getName()).filter(name -> name.endsWith(".class") && name.contains("/"))
                    .forEach(name -> packages.add(name.substring(0, name.lastIndexOf('/')).replace('/', '.')));
        }
        return packages;
    }

    /** The features Camel Karaf's file requires as prerequisites without defining them: Karaf's own. */
    private static Set<String> karafOwnPrerequisites(Element camel) {
        Set<String> defined = new LinkedHashSet<>();
        children(camel, "feature").forEach(feature -> defined.add(feature.getAttribute("name")));
        Set<String> prerequisites = new LinkedHashSet<>();
        for (Element feature : children(camel, "feature")) {
            children(feature, "feature").stream().filter(inner -> "true".equals(inner.getAttribute("prerequisite")))
                    .map(inner -> inner.getTextContent().trim()).filter(name -> !defined.contains(name))
                    .forEach(prerequisites::add);
        }
        return prerequisites;
    }

    private static String maven() {
        String home = System.getProperty("elevateai.maven.home", "");
        return home.isBlank() ? "mvn" : Path.of(home, "bin", "mvn").toString();
    }

    private static Document document(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return factory.newDocumentBuilder().parse(file.toFile());
    }

    private static Element feature(Element features, String name) {
        return children(features, "feature").stream().filter(f -> f.getAttribute("name").equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no feature " + name));
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> found = new ArrayList<>();
        NodeList nodes = parent.getChildNodes();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            if (node instanceof Element element && NS.equals(element.getNamespaceURI()) && name.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static List<String> texts(Element parent, String name) {
        return children(parent, name).stream().map(element -> element.getTextContent().trim()).toList();
    }

    /** A Maven artifact as Karaf's mvn: URLs name it: mvn:group/artifact/version[/type[/classifier]]. */
    record Artifact(String groupId, String artifactId, String version, String type, String classifier) {

        static Artifact parse(String url) {
            Matcher matcher = MVN.matcher(url);
            assertThat(matcher.matches()).as("a mvn: URL: %s", url).isTrue();
            return new Artifact(matcher.group(1), matcher.group(2), matcher.group(3),
                    matcher.group(4) == null ? "jar" : matcher.group(4), matcher.group(5));
        }

        String repositoryPath() {
            return groupId.replace('.', '/') + "/" + artifactId + "/" + version + "/" + artifactId + "-" + version
                   + (classifier == null ? "" : "-" + classifier) + "." + type;
        }
    }

    /** An OSGi version range, as Karaf reads a feature's version attribute ([a,b), (a,b], or a floor). */
    record VersionRange(String low, boolean lowIncluded, String high, boolean highIncluded) {

        static VersionRange parse(String range) {
            String text = range.trim();
            if (!text.startsWith("[") && !text.startsWith("(")) {
                return new VersionRange(text, true, null, false);
            }
            String[] bounds = text.substring(1, text.length() - 1).split(",");
            return new VersionRange(bounds[0].trim(), text.startsWith("["), bounds[1].trim(), text.endsWith("]"));
        }

        boolean includes(String version) {
            int low = compare(version, this.low);
            if (low < 0 || (low == 0 && !lowIncluded)) {
                return false;
            }
            if (high == null) {
                return true;
            }
            int high = compare(version, this.high);
            return high < 0 || (high == 0 && highIncluded);
        }

        static int compare(String a, String b) {
            String[] x = a.split("[.]", 4);
            String[] y = b.split("[.]", 4);
            for (int i = 0; i < 3; i++) {
                int difference = Integer.compare(number(x, i), number(y, i));
                if (difference != 0) {
                    return difference;
                }
            }
            return (x.length > 3 ? x[3] : "").compareTo(y.length > 3 ? y[3] : "");
        }

        private static int number(String[] parts, int i) {
            return i < parts.length ? Integer.parseInt(parts[i]) : 0;
        }
    }
}
