package org.palmares.platform.organizer;

import java.util.List;

/**
 * Someone who runs challenges.
 *
 * @param id         identifier
 * @param name       display name (recorded with every change they make)
 * @param admin      may create challenges and manage every one
 * @param challenges slugs of the challenges they manage
 */
public record Organizer(String id, String name, boolean admin, List<String> challenges) {

  public boolean manages(String slug) {
    return admin || challenges.contains(slug);
  }
}
