/**
 * People and how they prove who they are: accounts (e-mail, argon2id password, roles), personal
 * access tokens for the API, web sessions for the pages, and the slowing down of repeated failed
 * logins.
 */
package org.palmares.platform.account;
