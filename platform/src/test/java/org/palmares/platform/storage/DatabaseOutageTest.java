package org.palmares.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class DatabaseOutageTest {

  @Test
  void aRequestGivesUpWithinSecondsWhenTheUriSaysNothing() {
    MongoClientSettings s = DatabaseOutage.settings(new ConnectionString("mongodb://db.example.org")).build();

    assertThat(s.getClusterSettings().getServerSelectionTimeout(TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(s.getSocketSettings().getConnectTimeout(TimeUnit.SECONDS)).isEqualTo(3);
    assertThat(s.getSocketSettings().getReadTimeout(TimeUnit.SECONDS)).isEqualTo(20);
  }

  @Test
  void timeoutsInTheUriWin() {
    MongoClientSettings s = DatabaseOutage.settings(new ConnectionString(
        "mongodb://db.example.org/?serverSelectionTimeoutMS=500&connectTimeoutMS=700&socketTimeoutMS=900")).build();

    assertThat(s.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(500);
    assertThat(s.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(700);
    assertThat(s.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(900);
  }
}
