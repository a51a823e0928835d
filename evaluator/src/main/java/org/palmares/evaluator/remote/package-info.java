/**
 * The evaluator of a remote site: the job protocol over HTTPS (outbound only, with a token scoped
 * to the site's challenges) and the command that runs it next to the site's hidden data.
 */
package org.palmares.evaluator.remote;
