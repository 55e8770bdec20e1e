package org.chaperone.domain;

/**
 * What a district records about a person beyond the roster (OneRoster carries no custody data),
 * imported from the district's override file.
 *
 * @param noContact a guardian who must not receive copies or be added to conversations
 * @param noRecordsAccess a guardian who may not inspect the student's records
 * @param eligibleStudent a student who is 18 or older, or otherwise holds their own FERPA rights
 * @param mediaRelease a student whose guardian signed the media release form
 */
public record PersonFlags(boolean noContact, boolean noRecordsAccess, boolean eligibleStudent,
    boolean mediaRelease) {
  public static final PersonFlags NONE = new PersonFlags(false, false, false, false);
}
