package io.lakeward.ams.thrift;

import io.lakeward.common.exceptions.LakewardException;
import io.lakeward.common.thrift.ThriftErrors;
import io.lakeward.shaded.thrift.TApplicationException;
import io.lakeward.shaded.thrift.TException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a service handler so that handlers throw plain Lakeward exceptions and callers receive the
 * Thrift exception the IDL declares for that method; unexpected failures become an INTERNAL_ERROR
 * application exception with a message, never a dropped connection.
 */
public final class ThriftHandlers {
  private static final Logger LOG = LoggerFactory.getLogger(ThriftHandlers.class);

  private ThriftHandlers() {}

  public static <I> I translatingErrors(Class<I> iface, I target) {
    Object proxy = Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, (self, method, args) -> {
      if (method.getDeclaringClass() == Object.class) {
        return method.invoke(target, args);
      }
      try {
        return method.invoke(target, args);
      } catch (InvocationTargetException e) {
        throw translate(method, e.getCause());
      }
    });
    return iface.cast(proxy);
  }

  private static Throwable translate(Method method, Throwable failure) {
    if (failure instanceof LakewardException lakeward) {
      TException wire = ThriftErrors.toThrift(lakeward);
      if (declares(method, wire.getClass())) {
        LOG.debug("{} refused: {}", method.getName(), lakeward.getMessage());
        return wire;
      }
      LOG.warn("{} failed with {} that it does not declare: {}", method.getName(), lakeward.code(), lakeward.getMessage());
      return new TApplicationException(TApplicationException.INTERNAL_ERROR, lakeward.getMessage());
    }
    if (failure instanceof TException) {
      return failure;
    }
    LOG.error("Unexpected failure in {}", method.getName(), failure);
    return new TApplicationException(TApplicationException.INTERNAL_ERROR,
        "Internal error in " + method.getName() + ": " + failure.getClass().getSimpleName() + ": " + failure.getMessage());
  }

  private static boolean declares(Method method, Class<?> exception) {
    for (Class<?> declared : method.getExceptionTypes()) {
      if (declared == exception) {
        return true;
      }
    }
    return false;
  }
}
