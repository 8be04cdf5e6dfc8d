package io.lakeward.common.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lakeward.api.ErrorCode;
import io.lakeward.common.exceptions.AlreadyExistsException;
import io.lakeward.common.exceptions.ConflictException;
import io.lakeward.common.exceptions.ErrorKind;
import io.lakeward.common.exceptions.InvalidInputException;
import io.lakeward.common.exceptions.LakewardException;
import io.lakeward.common.exceptions.NotFoundException;
import io.lakeward.common.exceptions.UnauthorizedException;
import io.lakeward.common.exceptions.UnsupportedException;
import io.lakeward.shaded.thrift.TException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ThriftEndpointAndErrorsTest {
  @Test
  void parsesCatalogUris() {
    assertThat(ThriftEndpoint.parse("thrift://ams.example:1260/lake"))
        .isEqualTo(new ThriftEndpoint("ams.example", 1260, Optional.of("lake")));
    assertThat(ThriftEndpoint.parse("thrift://127.0.0.1:1261")).isEqualTo(new ThriftEndpoint("127.0.0.1", 1261, Optional.empty()));
    assertThat(ThriftEndpoint.parse("thrift://h:1260/lake/").catalog()).contains("lake");
    assertThat(ThriftEndpoint.parse("thrift://h:1260/lake").toString()).isEqualTo("thrift://h:1260/lake");
    for (String bad : new String[] {"", "http://h:1260/x", "thrift://h/x", "thrift://:1260", "thrift://h:1260/a/b", "thrift://h:99999"}) {
      assertThatThrownBy(() -> ThriftEndpoint.parse(bad)).isInstanceOf(InvalidInputException.class).hasMessageStartingWith("Invalid");
    }
  }

  @Test
  void everyErrorKindSurvivesTheWireWithItsCodeAndMessage() throws Exception {
    List<LakewardException> errors = List.of(
        new NotFoundException(ErrorCode.NO_SUCH_TABLE, "Table does not exist: a.b.c"),
        new AlreadyExistsException(ErrorCode.ALREADY_EXISTS, "Catalog already exists: lake"),
        new InvalidInputException(ErrorCode.INVALID_INPUT, "Invalid table name: empty"),
        new ConflictException(ErrorCode.COMMIT_CONFLICT, "Cannot commit a.b.c: stale base"),
        new UnauthorizedException(ErrorCode.NO_SUCH_OPTIMIZER, "Unknown optimizer token"),
        new UnsupportedException(ErrorCode.UNSUPPORTED, "Cannot purge"));
    for (LakewardException error : errors) {
      TException wire = ThriftErrors.toThrift(error);
      // Serialize and read back as a real peer would.
      byte[] bytes = new io.lakeward.shaded.thrift.TSerializer().serialize((io.lakeward.shaded.thrift.TBase<?, ?>) wire);
      io.lakeward.shaded.thrift.TBase<?, ?> copy = (io.lakeward.shaded.thrift.TBase<?, ?>) wire.getClass().getConstructor().newInstance();
      new io.lakeward.shaded.thrift.TDeserializer().deserialize(copy, bytes);
      LakewardException back = ThriftErrors.fromThrift((TException) copy);
      assertThat(back).isNotNull();
      assertThat(back.kind()).isEqualTo(error.kind());
      assertThat(back.code()).isEqualTo(error.code());
      assertThat(back.getMessage()).isEqualTo(error.getMessage());
    }
    assertThat(ThriftErrors.fromThrift(new io.lakeward.shaded.thrift.TApplicationException("boom"))).isNull();
    assertThat(ErrorKind.CONFLICT.httpStatus()).isEqualTo(409);
  }
}
