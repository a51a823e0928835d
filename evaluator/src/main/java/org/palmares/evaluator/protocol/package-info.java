/**
 * The job protocol between the platform and an evaluator: what a leased job carries (an image
 * digest and an evaluation spec, never labels or secrets) and what an evaluator reports back.
 * Plain records, serialisable as JSON, shared by the in-process and the remote evaluator.
 */
package org.palmares.evaluator.protocol;
