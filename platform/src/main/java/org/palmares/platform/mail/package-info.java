/**
 * Outgoing e-mail: the SMTP relay the operator configures ({@link org.palmares.platform.mail.MailSettings},
 * from the environment) and the one sender of the platform's messages
 * ({@link org.palmares.platform.mail.Mailer}, Vert.x's mail client). Without SMTP settings the
 * platform sends nothing and says where it would have (the command line takes over).
 */
package org.palmares.platform.mail;
