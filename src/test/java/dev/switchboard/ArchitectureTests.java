package dev.switchboard;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.repository.Repository;
import org.springframework.web.bind.annotation.RestController;

/** House rules that keep the code easy to see and to change. */
@AnalyzeClasses(packages = "dev.switchboard", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule controllersNeverTouchRepositories = noClasses()
            .that().areAnnotatedWith(RestController.class)
            .should().dependOnClassesThat().areAssignableTo(Repository.class)
            .because("controllers speak to the module's service, which owns transactions and rules");

    @ArchTest
    static final ArchRule noFieldInjection = noFields()
            .should().beAnnotatedWith(Autowired.class)
            .because("constructor injection makes dependencies visible and classes testable without Spring");

    @ArchTest
    static final ArchRule timeComesFromTheClock = noClasses()
            .should().callMethod(Instant.class, "now")
            .orShould().callMethod(LocalDateTime.class, "now")
            .orShould().callMethod(OffsetDateTime.class, "now")
            .because("time comes from the injected Clock, so tests can move it");

    @ArchTest
    static final ArchRule noVagueNames = classes()
            .should().haveSimpleNameNotEndingWith("Impl")
            .andShould().haveSimpleNameNotEndingWith("Helper")
            .andShould().haveSimpleNameNotEndingWith("Util")
            .andShould().haveSimpleNameNotEndingWith("Utils")
            .andShould().haveSimpleNameNotEndingWith("Manager")
            .because("a name should say what a class is for");

    @ArchTest
    static final ArchRule sharedDependsOnNoModule = noClasses()
            .that().resideInAPackage("dev.switchboard.shared..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.switchboard.identity..", "dev.switchboard.vault..", "dev.switchboard.llm..",
                    "dev.switchboard.telegram..", "dev.switchboard.conversation..", "dev.switchboard.processing..")
            .because("shared is the bottom layer every module may use");
}
