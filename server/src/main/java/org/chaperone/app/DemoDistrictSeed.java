package org.chaperone.app;

import java.util.List;
import org.chaperone.directory.RosterRejectedException;
import org.chaperone.directory.oneroster.DemoDistrict;
import org.chaperone.directory.oneroster.OneRosterReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the generated demo district into an empty directory (development mode only), so that a
 * newcomer can send a class message within minutes of the first start.
 */
public final class DemoDistrictSeed {
  private static final Logger log = LoggerFactory.getLogger(DemoDistrictSeed.class);

  /** A demo person to print a sample token for. */
  public record SampleLogin(String label, String personId) {}

  private static final List<SampleLogin> LOGINS = List.of(
      new SampleLogin("teacher Ana Rivera, Algebra I", DemoDistrict.TEACHER_ID),
      new SampleLogin("student in Algebra I", DemoDistrict.STUDENT_ID),
      new SampleLogin("guardian of that student", DemoDistrict.GUARDIAN_ID),
      new SampleLogin("principal (administrator)", DemoDistrict.ADMIN_ID));

  private DemoDistrictSeed() {}

  /**
   * Imports the demo district if the directory is empty and the gateway runs in development mode
   * with the demo enabled.
   *
   * @return the sample logins when the demo district is (now) in the directory, else empty
   */
  public static List<SampleLogin> seedIfEmpty(Gateway gateway) throws RosterRejectedException {
    GatewaySettings s = gateway.settings();
    if (!s.devMode() || !s.demoDistrict()) {
      return List.of();
    }
    if (gateway.store().reader().peopleCount() == 0) {
      gateway.rosterImport().apply("system:demo-district",
          OneRosterReader.readZip(DemoDistrict.bundleZip()), false);
      log.info("Loaded the demo district into the empty directory");
    }
    boolean demoPresent = gateway.store().reader().person(DemoDistrict.TEACHER_ID).isPresent();
    return demoPresent ? LOGINS : List.of();
  }
}
