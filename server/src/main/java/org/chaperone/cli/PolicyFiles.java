package org.chaperone.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.chaperone.policy.DistrictPolicy;
import org.chaperone.policy.DistrictPolicyFile;

/** Loads a policy file for a command, turning its problems into one clear error. */
final class PolicyFiles {
  private PolicyFiles() {}

  static DistrictPolicy load(Path file) {
    try {
      return DistrictPolicyFile.read(file);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read the policy file " + file + ": " + e.getMessage(), e);
    } catch (DistrictPolicyFile.InvalidPolicyException e) {
      throw new IllegalArgumentException("the policy file " + file + " is invalid: " + e.getMessage(), e);
    }
  }
}
