/** Module model. */
package dev.hisam.model;
