package dev.hisam.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;

/** Versions of the program and of the runtime, for {@code --version} and every manifest. */
final class Versions implements CommandLine.IVersionProvider {
  static final String HISAM = "0.1.0-SNAPSHOT";

  @Override
  public String[] getVersion() {
    return environment().entrySet().stream()
        .map(e -> e.getKey() + " " + e.getValue())
        .toArray(String[]::new);
  }

  static Map<String, String> environment() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("hisam", HISAM);
    m.put("java", System.getProperty("java.vm.vendor") + " " + Runtime.version());
    m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    m.put("cpus", Integer.toString(Runtime.getRuntime().availableProcessors()));
    m.put("maxHeapMb", Long.toString(Runtime.getRuntime().maxMemory() >> 20));
    m.put("djl", packageVersion("ai.djl.engine.Engine", "0.35.1"));
    m.put("pytorch", "2.7.1 (CPU)");
    return m;
  }

  private static String packageVersion(String cls, String fallback) {
    try {
      String v = Class.forName(cls).getPackage().getImplementationVersion();
      return v == null ? fallback : v;
    } catch (ClassNotFoundException e) {
      return "absent";
    }
  }
}
