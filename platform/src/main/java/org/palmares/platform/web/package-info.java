/**
 * What every web page is made of, apart from any route: the reader's {@link
 * org.palmares.platform.web.Language} (a sticky choice, then {@code Accept-Language} with its
 * q-values), the {@link org.palmares.platform.web.Messages} of that language (resource bundles
 * {@code i18n/messages*.properties}, plurals with {@link java.text.ChoiceFormat} through {@link
 * java.text.MessageFormat}), and the {@link org.palmares.platform.web.Templates} (JTE templates
 * under {@code src/main/jte}, precompiled at build so javac type-checks them, with contextual HTML
 * escaping of every {@code ${...}}). No page is built by concatenating HTML.
 */
package org.palmares.platform.web;
