package org.palmares.evaluator.sandbox;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import java.time.Duration;

/** Builds the docker-java client from the environment (DOCKER_HOST, else the local socket). */
public final class DockerClients {
  private DockerClients() {}

  public static DockerClient fromEnvironment() {
    DockerClientConfig config = DefaultDockerClientConfig.createDefaultConfigBuilder().build();
    ApacheDockerHttpClient http = new ApacheDockerHttpClient.Builder()
        .dockerHost(config.getDockerHost())
        .sslConfig(config.getSSLConfig())
        .maxConnections(64)
        .connectionTimeout(Duration.ofSeconds(10))
        // image loads of large archives can take minutes
        .responseTimeout(Duration.ofMinutes(30))
        .build();
    return DockerClientImpl.getInstance(config, http);
  }

  /** Fails with a message saying what to do when no engine answers. */
  public static void requireEngine(DockerClient docker) {
    try {
      docker.pingCmd().exec();
    } catch (RuntimeException e) {
      throw new IllegalStateException("No Docker engine answers at "
          + System.getenv().getOrDefault("DOCKER_HOST", "unix:///var/run/docker.sock")
          + ": start one (scripts/ensure-docker.sh does on Debian as root) or set DOCKER_HOST. ("
          + e.getMessage() + ")", e);
    }
  }
}
