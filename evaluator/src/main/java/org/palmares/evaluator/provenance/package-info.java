/**
 * Provenance of a site's results: the record a site signs for every result it sends (what ran,
 * on which data, with which scorer, in which sandbox, with which scores), its one canonical
 * serialisation, the site's Ed25519 key and the checks the platform and {@code palmares verify}
 * make. Shared by the evaluator (which signs) and the platform (which verifies and publishes).
 */
package org.palmares.evaluator.provenance;
