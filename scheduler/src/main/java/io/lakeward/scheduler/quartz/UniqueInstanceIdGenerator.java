package io.lakeward.scheduler.quartz;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.quartz.spi.InstanceIdGenerator;

/**
 * Instance ids of clustered schedulers: the host name, for people reading QRTZ_SCHEDULER_STATE, and
 * a random part. Quartz's own generator appends the current millisecond, which two schedulers started
 * together on one host (or in one JVM) can share; two instances with one id would take each other's
 * work for their own.
 */
public final class UniqueInstanceIdGenerator implements InstanceIdGenerator {
  @Override
  public String generateInstanceId() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    // QRTZ_SCHEDULER_STATE.INSTANCE_NAME holds 190 characters on MySQL.
    String random = UUID.randomUUID().toString();
    int room = 190 - random.length() - 1;
    return (host.length() > room ? host.substring(0, room) : host) + "-" + random;
  }
}
